// Signing in and access administration: the development sign-in (demo users, when enabled), who am I,
// API keys for integrations (admins), and tenant settings such as the double-texting policy.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import { demoUsers } from '../../security/index.js';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../plugins/auth.js';

export const accessRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { security, config, desk, stores } = deps;
  const tenantId = config.tenantId;

  app.post(
    '/v1/auth/dev-token',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Development sign-in: a token for any role and subject (only when FRONTDESK_DEV_LOGIN is on)',
        body: api.devTokenBodySchema,
        response: { 200: api.tokenSchema },
        security: [],
      },
    },
    async (request) => {
      if (!security.devLogin) throw new DeskError('NOT_FOUND', 'Development sign-in is turned off');
      const { role, sub } = request.body;
      if (role === 'customer' && !(await stores.customers.get(tenantId, sub))) {
        throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${sub}`, { customerId: sub });
      }
      const minted = await security.tokens.mint({ sub, role, tenant: tenantId });
      return { token: minted.token, tokenType: 'Bearer' as const, expiresAt: minted.expiresAt, role, sub };
    },
  );

  app.get(
    '/v1/auth/demo-users',
    {
      schema: {
        tags: ['auth'],
        summary: 'The demo users one can sign in as (development sign-in only)',
        security: [],
      },
    },
    async () => {
      if (!security.devLogin) throw new DeskError('NOT_FOUND', 'Development sign-in is turned off');
      // A customer is offered by name, as the portal greets them, with the id beside it.
      const names = new Map(
        (await stores.customers.list(tenantId)).map((customer) => [customer.id, customer.name]),
      );
      return {
        users: demoUsers.map((user) =>
          user.role === 'customer' && names.get(user.sub) ? { ...user, name: names.get(user.sub)! } : user,
        ),
      };
    },
  );

  app.post(
    '/v1/stream-tickets',
    {
      schema: {
        tags: ['auth'],
        summary:
          'A one-minute ticket that opens the stream routes (?ticket=), so the bearer token never goes in a URL',
        response: { 200: api.streamTicketSchema },
      },
      preValidation: app.authenticate,
    },
    async (request) => security.streamTickets.issue(principalOf(request)),
  );

  app.get(
    '/v1/me',
    { schema: { tags: ['auth'], summary: 'Who the credentials belong to' }, preValidation: app.authenticate },
    (request) => {
      const { subject, role, tenantId: tenant, via } = principalOf(request);
      return { subject, role, tenant, via };
    },
  );

  app.get(
    '/v1/api-keys',
    {
      schema: { tags: ['auth'], summary: 'API keys (never their secrets)' },
      preValidation: app.authorize('admin:keys'),
    },
    async () => ({ keys: await security.apiKeys.list(tenantId) }),
  );

  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API key; the key is shown only in this response',
        body: api.createApiKeyBodySchema,
      },
      preValidation: app.authorize('admin:keys'),
      preHandler: app.idempotent,
    },
    async (request, reply) => {
      const created = await security.apiKeys.create(tenantId, {
        ...request.body,
        createdBy: principalOf(request).subject,
      });
      return reply.status(201).send({ key: created.key, ...created.record });
    },
  );

  app.delete(
    '/v1/api-keys/:keyId',
    {
      schema: { tags: ['auth'], summary: 'Revoke an API key', params: api.apiKeyParamsSchema },
      preValidation: app.authorize('admin:keys'),
    },
    async (request, reply) => {
      if (!(await security.apiKeys.revoke(tenantId, request.params.keyId))) {
        throw new DeskError('API_KEY_NOT_FOUND', `No active API key ${request.params.keyId}`);
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/settings',
    {
      schema: { tags: ['settings'], summary: "The tenant's settings" },
      preValidation: app.authorize('admin:settings'),
    },
    async () => ({ doubleTexting: await desk.doubleTextingPolicy() }),
  );

  app.put(
    '/v1/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change what a new message does while a run is in progress: queue, reject or interrupt',
        body: api.settingsBodySchema,
      },
      preValidation: app.authorize('admin:settings'),
    },
    async (request) => {
      await desk.setDoubleTextingPolicy(request.body.doubleTexting);
      return { doubleTexting: request.body.doubleTexting };
    },
  );
  return Promise.resolve();
};
