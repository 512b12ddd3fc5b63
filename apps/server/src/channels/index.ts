// Channels: email in and out, Slack for the team, signed outbound webhooks, behind one channel port.
export type { ApprovalAnswering, Channel, ChannelEvents, ConversationIntake, OutboundReply } from './port.js';
export { outboundReplyOf } from './port.js';
export { ChannelHub } from './hub.js';
export type { EventListener } from './hub.js';
export { EmailInbound, LOOP_HEADER } from './email/inbound.js';
export type { EmailIdentity, Envelope, InboundOutcome } from './email/inbound.js';
export { EmailChannel, htmlOf, plusAddress } from './email/outbound.js';
export { SmtpIntake } from './email/smtp.js';
export type { SmtpOptions } from './email/smtp.js';
export { stripReply } from './email/strip.js';
export { WebClientSlackApi } from './slack/api.js';
export type { SlackApi, SlackMessage } from './slack/api.js';
export { slackSignature, verifySlackRequest } from './slack/signature.js';
export { SlackTeam } from './slack/team.js';
export type { InteractionResult, SlackTeamOptions } from './slack/team.js';
export { WebhookDispatcher } from './webhooks/dispatcher.js';
export { SIGNATURE_HEADER, signatureHeader, verifySignature } from './webhooks/signature.js';
export { channelRoutes } from './routes.js';
export type { ChannelRoutesOptions } from './routes.js';

import type { EmailInbound } from './email/inbound.js';
import type { SmtpIntake } from './email/smtp.js';
import type { ChannelHub } from './hub.js';
import type { SlackTeam } from './slack/team.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

/** The channels a runtime runs, as the HTTP routes and tests reach them. */
export interface Channels {
  readonly hub: ChannelHub;
  readonly webhooks: WebhookDispatcher;
  readonly email:
    { readonly inbound: EmailInbound; readonly maxBytes: number; readonly smtp?: SmtpIntake } | undefined;
  readonly slack: SlackTeam | undefined;
}
