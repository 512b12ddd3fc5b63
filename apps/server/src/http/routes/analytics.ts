// Analytics over a time range (default: the last 30 days) for approvers and admins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import { computeAnalytics } from '../../store/index.js';
import type { AppDeps } from '../deps.js';

const DAY = 86_400_000;

export const analyticsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  app.get(
    '/v1/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Volumes, automation and handoff rates, approval waits, agent latency, spend and CSAT',
        querystring: api.analyticsQuerySchema,
        response: { 200: api.analyticsSchema },
      },
      preValidation: app.authorize('analytics:read'),
    },
    async (request) => {
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * DAY);
      if (from >= to) {
        throw new DeskError('VALIDATION_FAILED', '`from` must be before `to`', {
          fields: [{ field: 'querystring.from', message: 'must be before to' }],
        });
      }
      return computeAnalytics(deps.db, deps.config.tenantId, from, to);
    },
  );
  return Promise.resolve();
};
