// Customers: profile, orders and conversations. Staff see every customer of the tenant; a customer only
// themselves (another customer's id answers exactly like a missing one).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import { ownsCustomer } from '../../security/index.js';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../plugins/auth.js';

export const customerRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { stores, config } = deps;
  const tenantId = config.tenantId;

  const visibleCustomer = async (request: FastifyRequest, customerId: string) => {
    const customer = ownsCustomer(principalOf(request), customerId)
      ? await stores.customers.get(tenantId, customerId)
      : undefined;
    if (!customer) throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${customerId}`, { customerId });
    return customer;
  };
  const params = api.customerParamsSchema;
  const guard = app.authorize('conversations:read');

  app.get(
    '/v1/customers',
    {
      schema: { tags: ['customers'], summary: 'Every customer of the tenant' },
      preValidation: app.authorize('customers:read'),
    },
    async () => ({ customers: await stores.customers.list(tenantId) }),
  );

  const forget = deps.forgetCustomer;
  if (forget) {
    app.delete(
      '/v1/customers/:customerId',
      {
        schema: {
          tags: ['customers'],
          summary: 'Erase a customer from every tier: records, conversations, session and long-term memory',
          params,
        },
        preValidation: app.authorize('customers:forget'),
      },
      async (request) => {
        const { customerId } = request.params;
        if (!(await stores.customers.get(tenantId, customerId))) {
          throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${customerId}`, { customerId });
        }
        const report = await forget(customerId);
        const principal = principalOf(request);
        // The erasure itself is recorded (without the customer's data), so it can be shown to have happened.
        await stores.audit.record(tenantId, {
          actor: principal.subject,
          actorRole: principal.role,
          action: 'customer.forgotten',
          subjectType: 'customer',
          subjectId: customerId,
          details: { memories: report.memories, drafts: report.drafts },
        });
        return report;
      },
    );
  }

  app.get(
    '/v1/customers/:customerId',
    { schema: { tags: ['customers'], summary: "A customer's profile", params }, preValidation: guard },
    async (request) => visibleCustomer(request, request.params.customerId),
  );

  app.get(
    '/v1/customers/:customerId/orders',
    {
      schema: { tags: ['customers'], summary: "A customer's orders, newest first", params },
      preValidation: guard,
    },
    async (request) => {
      const customer = await visibleCustomer(request, request.params.customerId);
      return { orders: await stores.customers.orders(tenantId, customer.id) };
    },
  );

  app.get(
    '/v1/customers/:customerId/conversations',
    { schema: { tags: ['customers'], summary: "A customer's conversations", params }, preValidation: guard },
    async (request) => {
      const customer = await visibleCustomer(request, request.params.customerId);
      return { conversations: await stores.conversations.listByCustomer(tenantId, customer.id) };
    },
  );
  return Promise.resolve();
};
