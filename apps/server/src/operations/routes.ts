// The operations' HTTP surface, for administrators: replaying a topic of the event log, reloading the demo
// store, training an intent model from an uploaded CSV and the triage rules. `frontdesk` uses these when a
// running desk holds the database. Guards and idempotency come from the API's plugins.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { z } from 'zod';
import { DeskError } from '../errors.js';
import { triageRulesSchema } from '../reasoning/local/triage-rules.js';
import type { DeskOperations } from './index.js';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface OperationRoutesOptions {
  tenantId: string;
  operations: DeskOperations;
  admin: Guard;
  idempotent: preHandlerAsyncHookHandler;
}

/** A training file as large as banking77's (about 1 MB) fits many times over. */
const TRAINING_LIMIT_BYTES = 16 * 1024 * 1024;

export const operationRoutes: FastifyPluginAsyncZod<OperationRoutesOptions> = (app, options) => {
  const { tenantId, operations, admin, idempotent } = options;

  app.get(
    '/v1/events/replay',
    {
      schema: {
        tags: ['operations'],
        summary: `A topic's stored events, oldest first, from a sequence or a time on (JetStream, or the outbox without NATS); at most limit, nextFrom when there are more`,
        querystring: api.eventsReplayQuerySchema,
      },
      preValidation: admin,
    },
    async (request) => {
      const { topic, from, since, tenant, limit } = request.query;
      if (tenant !== undefined && tenant !== tenantId) {
        throw new DeskError(
          'VALIDATION_FAILED',
          `This desk replays only its own tenant's events (${tenantId})`,
          {
            fields: [{ field: 'tenant', message: `not this desk's tenant: ${tenant}` }],
          },
        );
      }
      const start = since !== undefined ? { since: new Date(since) } : { sequence: from ?? 1 };
      return operations.replayEvents(topic, start, { tenantId: tenant, limit });
    },
  );

  app.post(
    '/v1/demo/reset',
    {
      schema: {
        tags: ['operations'],
        summary: 'Deletes every conversation of the tenant and reloads the demo store',
        body: z.strictObject({}).optional(),
      },
      preValidation: admin,
      preHandler: idempotent,
    },
    async () => ({ reset: true, ...(await operations.resetDemo()) }),
  );

  app.get(
    '/v1/intent-models',
    {
      schema: { tags: ['operations'], summary: 'The intent model versions, newest first' },
      preValidation: admin,
    },
    async () => ({ versions: await operations.intentModels() }),
  );

  // The examples arrive as the CSV file itself, so the desk checks them line by line as the command does.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: TRAINING_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.post(
    '/v1/intent-models',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Trains a new intent model version from a text/csv body with text,label columns (labels are the desk intents); the desk loads it at its next start',
        querystring: api.trainingQuerySchema,
      },
      bodyLimit: TRAINING_LIMIT_BYTES,
      preValidation: admin,
      preHandler: idempotent,
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') {
        throw new DeskError('UNSUPPORTED_MEDIA_TYPE', 'Send the training file as text/csv', {
          accepted: ['text/csv'],
        });
      }
      return reply.status(201).send(await operations.train(request.body, request.query.source));
    },
  );

  app.get(
    '/v1/triage-rules',
    { schema: { tags: ['operations'], summary: "The tenant's triage rules" }, preValidation: admin },
    async () => operations.triageRules(),
  );

  app.put(
    '/v1/triage-rules',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Replaces the triage rules (fields left out keep their defaults); the desk applies them at its next start',
        body: triageRulesSchema,
      },
      preValidation: admin,
    },
    async (request) => operations.setTriageRules(request.body),
  );
  return Promise.resolve();
};
