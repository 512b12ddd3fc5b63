// The named tools agents may call, each with zod input and output schemas and whether it reads or writes.
// Nodes know only these names and shapes; what serves them (in-process code today, MCP servers next) is
// behind the ToolRegistry port.
import { z } from 'zod';
import { searchHintsSchema } from '../knowledge/hints.js';

const money = { amountMinor: z.number().int().nonnegative(), currency: z.string().length(3) };

const article = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  body: z.string(),
  score: z.number(),
});
/** A customer as tools return it (shared by the MCP CRM server). */
export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  tier: z.enum(['standard', 'vip']),
});
/** An order as tools return it (shared by the MCP CRM server). */
export const orderSchema = z.object({
  id: z.string(),
  status: z.string(),
  totalMinor: z.number().int(),
  refundedMinor: z.number().int(),
  currency: z.string(),
  placedAt: z.string(),
  items: z.array(z.string()),
});

/** Every write carries the key that makes it happen at most once. */
const writeContext = { idempotencyKey: z.string().min(8) };

export const toolCatalog = {
  'knowledge.search': {
    description: 'Search the help-centre articles for the ones that best answer a question.',
    access: 'read',
    input: z.object({
      query: z.string().min(1).max(2000),
      hints: searchHintsSchema.optional(),
      limit: z.number().int().min(1).max(20).default(3),
    }),
    output: z.object({ articles: z.array(article) }),
  },
  'crm.get_customer': {
    description: "Get a customer's profile by id.",
    access: 'read',
    input: z.object({ customerId: z.string().min(1) }),
    output: z.object({ customer: customerSchema.nullable() }),
  },
  'orders.list': {
    description: "List a customer's orders, newest first.",
    access: 'read',
    input: z.object({ customerId: z.string().min(1) }),
    output: z.object({ orders: z.array(orderSchema) }),
  },
  'conversations.search_past': {
    description: "Search the same customer's earlier conversations for related messages.",
    access: 'read',
    input: z.object({
      customerId: z.string().min(1),
      query: z.string().min(1).max(2000),
      excludeConversationId: z.string().min(1),
    }),
    output: z.object({ messages: z.array(z.string()) }),
  },
  'orders.refund': {
    description: 'Refund an amount of an order to the original payment method.',
    access: 'write',
    input: z.object({
      orderId: z.string().min(1),
      ...money,
      reason: z.string().min(1),
      ...writeContext,
      /** The person who approved this refund in the desk's approval flow: without one nothing moves. */
      approvedBy: z
        .object({
          id: z.string().min(1),
          role: z.enum(['agent', 'approver', 'admin']),
          approvalId: z.string().min(1),
        })
        .optional(),
    }),
    output: z.object({ refundId: z.string(), orderId: z.string(), ...money, performed: z.boolean() }),
  },
  'tickets.create': {
    description: 'Open a ticket for the specialist team, linked to the conversation.',
    access: 'write',
    input: z.object({
      customerId: z.string().min(1),
      subject: z.string().min(1).max(200),
      body: z.string().min(1).max(20_000),
      priority: z.number().int().min(1).max(10),
      ...writeContext,
    }),
    output: z.object({ ticketId: z.string(), performed: z.boolean() }),
  },
} as const satisfies Record<
  string,
  { description: string; access: 'read' | 'write'; input: z.ZodType; output: z.ZodType }
>;

export type ToolName = keyof typeof toolCatalog;
export type ToolInput<N extends ToolName> = z.input<(typeof toolCatalog)[N]['input']>;
export type ToolOutput<N extends ToolName> = z.output<(typeof toolCatalog)[N]['output']>;
