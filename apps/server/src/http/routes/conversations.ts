// Conversations: start one, post a customer's message (returns at once; the run continues in the
// background and is watched through the streams), read one with its messages and status, list them, rate one.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import type { AcceptedMessage } from '../../runs/index.js';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../plugins/auth.js';
import { ownsCustomer } from '../../security/index.js';
import { conversationSummaries } from '../../store/index.js';
import { readConversation } from './conversation-read.js';
import { actingCustomer, visibleConversation } from './context.js';

const accepted = (prefix: string, { request, queuedBehind }: AcceptedMessage): api.MessageAccepted => ({
  threadId: request.conversationId,
  requestId: request.id,
  runStatus: queuedBehind ? 'queued' : 'running',
  ...(queuedBehind ? { queuedBehind } : {}),
  links: {
    self: `${prefix}/${request.conversationId}`,
    events: `${prefix}/${request.conversationId}/events`,
    websocket: `${prefix}/${request.conversationId}/ws`,
  },
});

export const conversationRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { desk, stores, config } = deps;
  const tenantId = config.tenantId;
  const prefix = '/v1/conversations';

  app.post(
    prefix,
    {
      schema: {
        tags: ['conversations'],
        summary: 'Start a conversation with a first message; the desk starts working on it at once',
        body: api.startConversationBodySchema,
        response: { 202: api.messageAcceptedSchema },
      },
      preValidation: app.authorize('conversations:write'),
      preHandler: app.idempotent,
    },
    async (request, reply) => {
      const customerId = actingCustomer(request, request.body.customerId);
      const result = await desk.submit({ customerId, text: request.body.text });
      return reply.status(202).send(accepted(prefix, result));
    },
  );

  app.post(
    `${prefix}/:threadId/messages`,
    {
      schema: {
        tags: ['conversations'],
        summary: "Post a customer's message; queued behind a run in progress (double texting)",
        params: api.threadParamsSchema,
        body: api.postMessageBodySchema,
        response: { 202: api.messageAcceptedSchema },
      },
      preValidation: app.authorize('conversations:write'),
      preHandler: app.idempotent,
    },
    async (request, reply) => {
      const conversation = await visibleConversation(stores, tenantId, request, request.params.threadId);
      const result = await desk.submit({
        customerId: conversation.customerId,
        text: request.body.text,
        threadId: conversation.id,
      });
      return reply.status(202).send(accepted(prefix, result));
    },
  );

  app.get(
    `${prefix}/:threadId`,
    {
      schema: {
        tags: ['conversations'],
        summary: 'One conversation with its messages, requests and status',
        params: api.threadParamsSchema,
        response: { 200: api.conversationSchema },
      },
      preValidation: app.authorize('conversations:read'),
    },
    async (request) => {
      const conversation = await readConversation(deps.db, tenantId, request.params.threadId);
      // Another customer's conversation answers exactly like a missing one.
      if (!conversation || !ownsCustomer(principalOf(request), conversation.customerId)) {
        throw new DeskError('THREAD_NOT_FOUND', `No thread ${request.params.threadId}`, {
          threadId: request.params.threadId,
        });
      }
      return conversation;
    },
  );

  app.get(
    prefix,
    {
      schema: {
        tags: ['conversations'],
        summary:
          "Conversations newest first, each with the customer's name, subject, channel and latest message (customers: their own)",
        querystring: api.listConversationsQuerySchema,
      },
      preValidation: app.authorize('conversations:read'),
    },
    async (request) => {
      const principal = principalOf(request);
      const customerId = principal.role === 'customer' ? principal.subject : request.query.customerId;
      if (
        principal.role === 'customer' &&
        request.query.customerId &&
        request.query.customerId !== customerId
      ) {
        throw new DeskError('FORBIDDEN', 'A customer may only list their own conversations');
      }
      return {
        conversations: await conversationSummaries(deps.db, tenantId, {
          customerId,
          limit: request.query.limit,
        }),
      };
    },
  );

  app.post(
    `${prefix}/:threadId/rating`,
    {
      schema: {
        tags: ['conversations'],
        summary: 'Rate a conversation 1–5 (CSAT); rating again replaces the score',
        params: api.threadParamsSchema,
        body: api.csatBodySchema,
      },
      preValidation: app.authorize('conversations:rate'),
      preHandler: app.idempotent,
    },
    async (request) => {
      const conversation = await visibleConversation(stores, tenantId, request, request.params.threadId);
      await deps.db.query(
        `INSERT INTO csat_ratings (tenant_id, conversation_id, customer_id, score, comment) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
           created_at = now()`,
        [tenantId, conversation.id, conversation.customerId, request.body.score, request.body.comment ?? ''],
      );
      return { threadId: conversation.id, score: request.body.score };
    },
  );
  return Promise.resolve();
};
