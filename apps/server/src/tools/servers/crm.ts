// The CRM MCP server: find and read customers and their orders, and the safe actions on them (contact
// details, refunds, cancellations, address changes, returns and exchanges, goodwill credits).
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import { customerSchema, orderSchema } from '../catalog.js';
import { defineTool, requireOwnAccount, type DeskTool } from '../mcp/define.js';
import { actionTool, reverseActionTool } from './action-tools.js';
import type { ServerDeps } from './deps.js';
import { profileTools } from './profile.js';

const people = ['agent', 'approver', 'admin'] as const;
const peopleAndCustomer = ['customer', ...people] as const;

const customerId = z.string().min(1).max(100).describe('the customer, e.g. cus_01');

export function crmTools(deps: ServerDeps): DeskTool[] {
  const { handlers, stores } = deps;
  const legacy = (tenantId: string, requestId = 'mcp', conversationId = 'mcp') => ({
    tenantId,
    requestId,
    conversationId,
  });
  return [
    defineTool({
      name: 'find_customer',
      title: 'Find a customer',
      description: 'Find customers by email address, or by name together with postcode.',
      access: 'read',
      roles: people,
      input: {
        email: z.string().min(3).max(320).optional(),
        name: z.string().min(1).max(200).optional(),
        postcode: z.string().min(2).max(20).optional(),
      },
      output: { customers: z.array(customerSchema.extend({ postcode: z.string() })) },
      handler: async ({ email, name, postcode }, context) => {
        if (!email && !(name && postcode)) {
          throw new DeskError('VALIDATION_FAILED', 'Give email, or name together with postcode', {
            field: email === undefined && name ? 'postcode' : 'email',
          });
        }
        const rows = await deps.db.query<{
          id: string;
          name: string;
          email: string;
          tier: 'standard' | 'vip';
          postcode: string;
        }>(
          `SELECT id, name, email, tier, postcode FROM customers WHERE tenant_id = $1
             AND ($2::text IS NULL OR lower(email) = lower($2))
             AND ($3::text IS NULL OR (lower(name) = lower($3) AND replace(lower(postcode), ' ', '') = replace(lower($4), ' ', '')))
           ORDER BY id LIMIT 20`,
          [context.tenantId, email ?? null, email ? null : (name ?? null), postcode ?? ''],
        );
        return { customers: rows };
      },
    }),
    defineTool({
      name: 'get_customer',
      title: 'Get a customer',
      description: "Get a customer's profile by id (null when there is none).",
      access: 'read',
      roles: peopleAndCustomer,
      input: { customerId },
      output: { customer: customerSchema.nullable() },
      handler: (input, context) => {
        requireOwnAccount(context, input.customerId);
        return handlers['crm.get_customer'](
          input,
          legacy(context.tenantId, context.requestId, context.conversationId),
        );
      },
    }),
    defineTool({
      name: 'list_orders',
      title: "List a customer's orders",
      description: "List a customer's orders, newest first.",
      access: 'read',
      roles: peopleAndCustomer,
      input: { customerId },
      output: { orders: z.array(orderSchema) },
      handler: (input, context) => {
        requireOwnAccount(context, input.customerId);
        return handlers['orders.list'](
          input,
          legacy(context.tenantId, context.requestId, context.conversationId),
        );
      },
    }),
    defineTool({
      name: 'get_order',
      title: 'Get an order',
      description: 'Get one order with its lines, delivery address and any returns.',
      access: 'read',
      roles: peopleAndCustomer,
      input: { orderId: z.string().min(1).max(100) },
      output: {
        order: orderSchema.extend({
          customerId: z.string(),
          shippingAddress: z.record(z.string(), z.string()),
          deliveredAt: z.string().nullable(),
          /** The lines by SKU, for actions on items (a return names the lines going back). */
          lines: z.array(
            z.object({
              sku: z.string(),
              name: z.string(),
              category: z.string().optional(),
              quantity: z.number().int(),
              unitPriceMinor: z.number().int(),
              /** How many of the line were refunded, and how many an exchange replaces. */
              refundedQuantity: z.number().int(),
              replacedQuantity: z.number().int(),
            }),
          ),
          returns: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string() })),
        }),
      },
      handler: async ({ orderId }, context) => {
        const order = await stores.customers.order(context.tenantId, orderId);
        if (
          !order ||
          (context.caller.kind === 'customer' && context.caller.customerId !== order.customerId)
        ) {
          throw new DeskError('ORDER_NOT_FOUND', `No order ${orderId}`, { orderId });
        }
        const returns = await deps.db.query<{ id: string; kind: string; status: string }>(
          'SELECT id, kind, status FROM order_returns WHERE tenant_id = $1 AND order_id = $2 ORDER BY created_at',
          [context.tenantId, orderId],
        );
        return {
          order: {
            id: order.id,
            customerId: order.customerId,
            status: order.status,
            totalMinor: order.totalMinor,
            refundedMinor: order.refundedMinor,
            currency: order.currency,
            placedAt: order.placedAt,
            deliveredAt: order.deliveredAt ?? null,
            items: order.lines.map((line) => `${line.quantity} × ${line.name ?? line.sku}`),
            lines: order.lines.map((line) => ({
              sku: line.sku,
              name: line.name ?? line.sku,
              ...(line.category ? { category: line.category } : {}),
              quantity: line.quantity,
              unitPriceMinor: line.unitPriceMinor,
              refundedQuantity: order.refundedItems[line.sku] ?? 0,
              replacedQuantity: order.replacedItems[line.sku] ?? 0,
            })),
            shippingAddress: order.shippingAddress,
            returns,
          },
        };
      },
    }),
    defineTool({
      name: 'search_past_conversations',
      title: "Search a customer's past conversations",
      description: "Search the same customer's earlier conversations for messages related to a question.",
      access: 'read',
      roles: people,
      input: {
        customerId,
        query: z.string().min(1).max(2000),
        excludeConversationId: z.string().min(1),
      },
      output: { messages: z.array(z.string()) },
      handler: (input, context) =>
        handlers['conversations.search_past'](
          input,
          legacy(context.tenantId, context.requestId, context.conversationId),
        ),
    }),
    actionTool(
      deps.actions,
      'update_contact',
      'update_contact_details',
      'Update contact details',
      "Change a customer's email address, phone number or postcode (stated, confirmed, reversible).",
    ),
    actionTool(
      deps.actions,
      'refund',
      'refund',
      'Refund an order',
      'Refund an amount of an order (optionally naming its lines) to the original payment method. Over the refund limit (counted over the order, and per customer over a period) or for a VIP it needs an approver. Customers ask in the conversation instead.',
      // Money never moves on a customer's own tool call: they ask in the conversation, where the desk's rules apply.
      people,
    ),
    actionTool(
      deps.actions,
      'cancel_order',
      'cancel_order',
      'Cancel an order',
      'Cancel an order that is processing (or, with an approver, one that has shipped) and refund what is left.',
      people,
    ),
    actionTool(
      deps.actions,
      'change_address',
      'change_address',
      'Change the delivery address',
      'Send an order that is still processing to a different address (reversible until it ships).',
    ),
    actionTool(
      deps.actions,
      'return_or_exchange',
      'return_or_exchange',
      'Return or exchange items',
      'Authorise the return or exchange of items from a delivered order (reversible until received).',
    ),
    actionTool(
      deps.actions,
      'goodwill_credit',
      'goodwill_credit',
      'Issue a goodwill credit',
      "Add a goodwill credit to a customer's account; large credits need an approver (reversible).",
      people,
    ),
    reverseActionTool(deps.actions),
    ...profileTools(deps),
  ];
}
