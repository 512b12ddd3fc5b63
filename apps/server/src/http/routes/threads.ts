// Threads: the checkpoint history of a conversation, and re-running it from a checkpoint — a replay of
// the same input, or a fork with the customer's message changed. Re-runs never repeat a performed action.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import type { AppDeps } from '../deps.js';
import { visibleConversation } from './context.js';

export const threadRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { desk, stores, config } = deps;

  app.get(
    '/v1/threads/:threadId/history',
    {
      schema: { tags: ['threads'], summary: 'Checkpoints, newest first', params: api.threadParamsSchema },
      preValidation: app.authorize('threads:history'),
    },
    async (request) => {
      await visibleConversation(stores, config.tenantId, request, request.params.threadId);
      return { checkpoints: await desk.history(request.params.threadId) };
    },
  );

  app.post(
    '/v1/threads/:threadId/replay',
    {
      schema: {
        tags: ['threads'],
        summary: 'Run the thread again from a checkpoint, as a new branch',
        params: api.threadParamsSchema,
        body: api.replayBodySchema,
      },
      preValidation: app.authorize('threads:rerun'),
      preHandler: app.idempotent,
    },
    async (request) => {
      await visibleConversation(stores, config.tenantId, request, request.params.threadId);
      return desk.replay(request.params.threadId, request.body.checkpointId);
    },
  );

  app.post(
    '/v1/threads/:threadId/fork',
    {
      schema: {
        tags: ['threads'],
        summary:
          "Copy a checkpoint as a new branch and run it, optionally with the customer's message changed",
        params: api.threadParamsSchema,
        body: api.forkBodySchema,
      },
      preValidation: app.authorize('threads:rerun'),
      preHandler: app.idempotent,
    },
    async (request) => {
      await visibleConversation(stores, config.tenantId, request, request.params.threadId);
      const { checkpointId, message } = request.body;
      return desk.fork(request.params.threadId, checkpointId, message === undefined ? {} : { message });
    },
  );
  return Promise.resolve();
};
