// Slack for the team: waiting approvals and hand-offs are posted to a channel with buttons, and a pressed
// button answers the approval through the same path as the dashboard, under the role mapped from the user.
import type { EventEnvelope } from '@frontdesk/contracts';
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Stores } from '../../store/index.js';
import type { EventListener } from '../hub.js';
import type { ApprovalAnswering } from '../port.js';
import type { SlackApi } from './api.js';
import { actionFailedMessage, answeredMessage, waitingMessage } from './blocks.js';
import { verifySlackRequest } from './signature.js';

export interface SlackTeamOptions {
  tenantId: string;
  channel: string;
  signingSecret: string;
  /** Slack user id → Frontdesk role; a user not listed may not answer. */
  roles: ReadonlyMap<string, string>;
  /** Where the dashboard is served, for the "open in dashboard" button. */
  dashboardUrl?: string | undefined;
}

const interactionSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), name: z.string().optional(), username: z.string().optional() }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

export type InteractionResult =
  | { answered: true; approvalId: string; decision: 'approve' | 'reject'; by: string }
  | { answered: false; reason: string };

export class SlackTeam implements EventListener {
  readonly name = 'slack';

  constructor(
    private readonly deps: { api: SlackApi; stores: Stores; answering: ApprovalAnswering; logger: Logger },
    private readonly options: SlackTeamOptions,
  ) {}

  /** Posts each newly waiting approval once (the event may come again; the claim makes that a no-op). */
  async onEvent(event: EventEnvelope): Promise<void> {
    if (event.tenantId !== this.options.tenantId) return;
    if (event.topic === 'notifications.outbound' && event.type === 'approval.action_failed') {
      return this.showActionFailure(event);
    }
    if (event.topic !== 'human.approvals' || event.type !== 'approval.requested') return;
    const data = event.data;
    const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
    const approvalId = text(data.approvalId);
    if (!approvalId) return;
    const { stores, api, logger } = this.deps;
    if (!(await stores.slackPosts.claim(event.tenantId, approvalId, this.options.channel))) return;
    const message = waitingMessage(
      {
        approvalId,
        kind: text(data.kind, 'review'),
        reason: text(data.reason),
        threadId: text(data.conversationId),
        deadline: typeof data.deadline === 'string' ? data.deadline : undefined,
      },
      this.options.dashboardUrl,
    );
    try {
      const ts = await api.post({ channel: this.options.channel, ...message });
      await stores.slackPosts.posted(event.tenantId, approvalId, ts);
      logger.info({ approvalId, channel: this.options.channel }, 'approval posted to Slack');
    } catch (error) {
      await stores.slackPosts.release(event.tenantId, approvalId);
      throw error;
    }
  }

  /**
   * Handles one interaction request (the raw form body Slack POSTs). Throws SLACK_SIGNATURE_INVALID for a
   * request that is not Slack's or is too old, SLACK_USER_NOT_MAPPED for a user without a role, and the
   * approval's own errors (already answered, role not allowed) as the dashboard would.
   */
  async interaction(
    request: { body: string; timestamp: string | undefined; signature: string | undefined },
    now: Date = new Date(),
  ): Promise<InteractionResult> {
    verifySlackRequest(this.options.signingSecret, request, now);
    const raw = new URLSearchParams(request.body).get('payload');
    let parsed: z.infer<typeof interactionSchema>;
    try {
      parsed = interactionSchema.parse(JSON.parse(raw ?? ''));
    } catch {
      return { answered: false, reason: 'not a block action' };
    }
    const action = parsed.actions[0]!;
    if (action.action_id !== 'approve' && action.action_id !== 'reject') {
      return { answered: false, reason: `action ${action.action_id} needs no answer` };
    }
    const role = this.options.roles.get(parsed.user.id);
    if (!role) {
      this.deps.logger.warn({ slackUser: parsed.user.id }, 'Slack user without a Frontdesk role refused');
      throw new DeskError('SLACK_USER_NOT_MAPPED', `Slack user ${parsed.user.id} has no Frontdesk role`, {
        slackUser: parsed.user.id,
      });
    }
    const approvalId = action.value ?? '';
    const by = `slack:${parsed.user.username ?? parsed.user.name ?? parsed.user.id}`;
    const decision = action.action_id;
    await this.deps.answering.answer(approvalId, {
      decision,
      by,
      role,
      ...(decision === 'reject' ? { feedback: `Rejected in Slack by ${by}` } : {}),
    });
    await this.showAnswer(approvalId, decision, by);
    return { answered: true, approvalId, decision, by };
  }

  /** The action approved in Slack could not be performed: its message says so (updating it again is harmless). */
  private async showActionFailure(event: EventEnvelope): Promise<void> {
    const { approvalId, action, why } = event.data;
    if (typeof approvalId !== 'string' || typeof action !== 'string' || typeof why !== 'string') return;
    const post = await this.deps.stores.slackPosts.get(this.options.tenantId, approvalId);
    if (!post?.ts) return;
    const answeredBy =
      post.answeredBy ??
      (await this.deps.stores.approvals.get(this.options.tenantId, approvalId))?.answeredBy;
    await this.deps.api.update({
      channel: post.channel,
      ts: post.ts,
      ...actionFailedMessage(approvalId, { action, why, answeredBy }),
    });
    this.deps.logger.info({ approvalId }, 'Slack told of an approved action that failed');
  }

  private async showAnswer(approvalId: string, decision: string, by: string) {
    const { stores, api, logger } = this.deps;
    const post = await stores.slackPosts.get(this.options.tenantId, approvalId);
    await stores.slackPosts.answered(this.options.tenantId, approvalId, by);
    if (!post?.ts) return;
    // The answer is recorded already; a failed update only leaves the buttons showing.
    await api
      .update({ channel: post.channel, ts: post.ts, ...answeredMessage(approvalId, decision, by) })
      .catch((error: unknown) => logger.warn({ err: error, approvalId }, 'Slack message not updated'));
  }
}
