// The channels' HTTP surface: the inbound-email webhook (raw MIME), what email left for a person, webhook
// subscriptions and deliveries (the dead-letter list, re-send), and Slack's interaction callback.
// Guards come from the API's auth plugin; Slack's callback is authenticated by its signature instead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventTopics } from '@frontdesk/contracts';
import { z } from 'zod';
import { DeskError } from '../errors.js';
import type { EmailRecord, Stores, WebhookDelivery, WebhookSubscription } from '../store/index.js';
import type { EmailInbound } from './email/inbound.js';
import type { SlackTeam } from './slack/team.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** What the routes are built from (the runtime's channels plus the API's guards). */
export interface ChannelRoutesOptions {
  tenantId: string;
  stores: Stores;
  webhooks: WebhookDispatcher;
  /** Present when the email channel is configured. */
  email?: { inbound: EmailInbound; maxBytes: number } | undefined;
  /** Present when Slack is configured. */
  slack?: SlackTeam | undefined;
  guards: { staff: Guard; admin: Guard };
}

const mimeTypes = ['message/rfc822', 'text/plain', 'application/octet-stream'];

const emailView = (email: EmailRecord) => ({
  id: email.id,
  direction: email.direction,
  status: email.status,
  reason: email.reason ?? null,
  messageId: email.messageId,
  address: email.address,
  subject: email.subject,
  threadId: email.conversationId ?? null,
  sizeBytes: email.sizeBytes,
  attempts: email.attempts,
  lastError: email.lastError ?? null,
  createdAt: email.createdAt,
});

/** A subscription as listed: its secret is shown only once, when it is created. */
const subscriptionView = ({ secret: _secret, ...subscription }: WebhookSubscription) => subscription;

const deliveryView = ({ body: _body, ...delivery }: WebhookDelivery) => ({
  ...delivery,
  lastStatus: delivery.lastStatus ?? null,
  lastError: delivery.lastError ?? null,
  deliveredAt: delivery.deliveredAt ?? null,
});

const subscriptionBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  topics: z
    .array(z.enum([...eventTopics, '*']))
    .min(1)
    .max(eventTopics.length + 1),
});

export const channelRoutes: FastifyPluginAsyncZod<ChannelRoutesOptions> = (app, options) => {
  const { tenantId, stores, webhooks, email, slack, guards } = options;

  app.get(
    '/v1/channels/email/attention',
    {
      schema: { tags: ['channels'], summary: 'Parked inbound and failed outbound emails, newest first' },
      preValidation: guards.staff,
    },
    async () => ({ emails: (await stores.channelEmails.needingAttention(tenantId)).map(emailView) }),
  );

  app.get(
    '/v1/webhooks',
    { schema: { tags: ['channels'], summary: 'Webhook subscriptions' }, preValidation: guards.admin },
    async () => ({ subscriptions: (await stores.webhooks.subscriptions(tenantId)).map(subscriptionView) }),
  );

  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['channels'],
        summary: 'Subscribes a URL to event topics; the signing secret is in this answer only',
        body: subscriptionBody,
      },
      preValidation: guards.admin,
    },
    async (request, reply) => {
      const subscription = await stores.webhooks.subscribe(tenantId, {
        id: `whk_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
        url: request.body.url,
        topics: [...new Set(request.body.topics)],
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
      });
      return reply.status(201).send(subscription);
    },
  );

  app.delete(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        tags: ['channels'],
        summary: 'Stops a subscription',
        params: z.object({ webhookId: z.string().min(1).max(100) }),
      },
      preValidation: guards.admin,
    },
    async (request, reply) => {
      if (!(await stores.webhooks.unsubscribe(tenantId, request.params.webhookId))) {
        throw new DeskError('WEBHOOK_NOT_FOUND', `No webhook ${request.params.webhookId}`, {
          webhookId: request.params.webhookId,
        });
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/webhooks/deliveries',
    {
      schema: {
        tags: ['channels'],
        summary: 'Deliveries newest first; status=dead is the dead-letter list',
        querystring: z.object({ status: z.enum(['pending', 'delivered', 'dead']).optional() }),
      },
      preValidation: guards.admin,
    },
    async (request) => ({
      deliveries: (await stores.webhooks.deliveries(tenantId, request.query.status)).map(deliveryView),
    }),
  );

  app.post(
    '/v1/webhooks/deliveries/:deliveryId/resend',
    {
      schema: {
        tags: ['channels'],
        summary: 'Sends a dead delivery again, with a fresh set of attempts',
        params: z.object({ deliveryId: z.string().min(1).max(100) }),
      },
      preValidation: guards.admin,
    },
    async (request, reply) =>
      reply.status(202).send(deliveryView(await webhooks.resend(tenantId, request.params.deliveryId))),
  );

  // Raw bodies: MIME for the email webhook, Slack's form body (its signature covers the exact bytes).
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  app.addContentTypeParser(
    mimeTypes,
    { parseAs: 'buffer', bodyLimit: email?.maxBytes ?? 1024 },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, body),
  );

  if (email) {
    app.post(
      '/v1/channels/email/inbound',
      {
        schema: {
          tags: ['channels'],
          summary: 'Inbound email from a mail provider: the raw MIME message as the body',
          querystring: z.object({ envelopeFrom: z.string().max(320).optional() }),
        },
        bodyLimit: email.maxBytes,
        preValidation: guards.admin,
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new DeskError('UNSUPPORTED_MEDIA_TYPE', 'Send the raw message as message/rfc822', {
            accepted: mimeTypes,
          });
        }
        const outcome = await email.inbound.receive(request.body, { mailFrom: request.query.envelopeFrom });
        return reply.status(202).send(outcome);
      },
    );
  }

  if (slack) {
    app.post(
      '/v1/channels/slack/interactions',
      { schema: { tags: ['channels'], summary: "Slack's interaction callback (signed by Slack)" } },
      async (request, reply) => {
        const header = (name: string) => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        const result = await slack.interaction({
          body: typeof request.body === 'string' ? request.body : '',
          timestamp: header('x-slack-request-timestamp'),
          signature: header('x-slack-signature'),
        });
        return reply.status(200).send(result);
      },
    );
  }
  return Promise.resolve();
};
