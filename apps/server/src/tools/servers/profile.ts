// CRM tools the specialist skills lean on: the product catalogue, a customer's preferences, and what a
// customer already tried for a problem (so troubleshooting never repeats a step).
import { z } from 'zod';
import { defineTool, requireOwnAccount, roleOf, type DeskTool } from '../mcp/define.js';
import type { ServerDeps } from './deps.js';

const people = ['agent', 'approver', 'admin'] as const;
const everyone = ['customer', ...people] as const;
const customerId = z.string().min(1).max(100);

/**
 * How long a step given counts as tried: "you've already tried" speaks of this bout of trouble, not of the
 * same problem a year ago (a step given again is remembered afresh).
 */
export const TROUBLESHOOTING_MEMORY_DAYS = 30;

const preferencesShape = z.object({
  preferredName: z.string().min(1).max(100).optional(),
  language: z.string().min(2).max(10).optional(),
  contactChannel: z.enum(['email', 'phone', 'chat']).optional(),
  interests: z.array(z.string().min(1).max(50)).max(20).optional(),
});

export function profileTools(deps: ServerDeps): DeskTool[] {
  return [
    defineTool({
      name: 'list_products',
      title: 'List products',
      description: 'The product catalogue, optionally one category.',
      access: 'read',
      roles: everyone,
      input: { category: z.string().min(1).max(50).optional() },
      output: {
        products: z.array(
          z.object({
            sku: z.string(),
            name: z.string(),
            category: z.string(),
            priceMinor: z.number().int(),
            currency: z.string(),
            description: z.string(),
          }),
        ),
      },
      handler: async ({ category }, context) => ({
        products: (await deps.stores.customers.products(context.tenantId)).filter(
          (product) => category === undefined || product.category === category,
        ),
      }),
    }),
    defineTool({
      name: 'get_preferences',
      title: "Get a customer's preferences",
      description: 'Preferred name, language, contact channel and interests (empty when none are set).',
      access: 'read',
      roles: everyone,
      input: { customerId },
      output: { preferences: preferencesShape },
      handler: async (input, context) => {
        requireOwnAccount(context, input.customerId);
        const [row] = await deps.db.query<{ preferences: Record<string, unknown> }>(
          'SELECT preferences FROM customer_preferences WHERE tenant_id = $1 AND customer_id = $2',
          [context.tenantId, input.customerId],
        );
        return { preferences: preferencesShape.parse(row?.preferences ?? {}) };
      },
    }),
    defineTool({
      name: 'set_preferences',
      title: "Set a customer's preferences",
      description:
        'Merge new preferences into the profile (audited; setting the same values again changes nothing).',
      access: 'write',
      roles: everyone,
      input: { customerId, preferences: preferencesShape },
      output: { preferences: preferencesShape },
      handler: async (input, context) => {
        requireOwnAccount(context, input.customerId);
        const preferences = await deps.db.transaction(async (tx) => {
          const [row] = await tx.query<{ preferences: Record<string, unknown> }>(
            `INSERT INTO customer_preferences (tenant_id, customer_id, preferences) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id, customer_id) DO UPDATE
               SET preferences = customer_preferences.preferences || EXCLUDED.preferences, updated_at = now()
             RETURNING preferences`,
            [context.tenantId, input.customerId, JSON.stringify(input.preferences)],
          );
          await deps.stores.audit.record(
            context.tenantId,
            {
              actor: context.caller.kind === 'desk' ? 'desk' : context.caller.id,
              actorRole: roleOf(context.caller),
              action: 'customer.preferences_set',
              subjectType: 'customer',
              subjectId: input.customerId,
              details: { fields: Object.keys(input.preferences) },
            },
            tx,
          );
          return row!.preferences;
        });
        return { preferences: preferencesShape.parse(preferences) };
      },
    }),
    defineTool({
      name: 'troubleshooting_history',
      title: 'What the customer already tried',
      description: `The troubleshooting steps a customer was given for a problem in the last ${TROUBLESHOOTING_MEMORY_DAYS} days, oldest first.`,
      access: 'read',
      roles: people,
      input: { customerId, problem: z.string().min(1).max(200) },
      output: { steps: z.array(z.string()) },
      handler: async ({ customerId: id, problem }, context) => {
        const rows = await deps.db.query<{ step: string }>(
          `SELECT step FROM troubleshooting_attempts WHERE tenant_id = $1 AND customer_id = $2 AND problem = $3
             AND created_at > now() - make_interval(days => $4)
           ORDER BY created_at, step`,
          [context.tenantId, id, problem, TROUBLESHOOTING_MEMORY_DAYS],
        );
        return { steps: rows.map((row) => row.step) };
      },
    }),
    defineTool({
      name: 'record_troubleshooting',
      title: 'Remember troubleshooting steps given',
      description:
        'Remember the steps a customer was given for a problem; a step already remembered is kept once, and one given before the memory window is remembered afresh.',
      access: 'write',
      roles: people,
      input: {
        customerId,
        problem: z.string().min(1).max(200),
        steps: z.array(z.string().min(1).max(500)).min(1).max(20),
        conversationId: z.string().min(1),
      },
      output: { remembered: z.number().int() },
      handler: async ({ customerId: id, problem, steps, conversationId }, context) => {
        // One statement for all the steps. Within the window a step is kept once (delivering the same reply
        // again remembers nothing twice); past it, it counts from now.
        const rows = await deps.db.query(
          `INSERT INTO troubleshooting_attempts (tenant_id, customer_id, problem, step, conversation_id)
           SELECT DISTINCT $1, $2, $3, step, $5 FROM unnest($4::text[]) AS step
           ON CONFLICT (tenant_id, customer_id, problem, step) DO UPDATE
             SET created_at = now(), conversation_id = excluded.conversation_id
             WHERE troubleshooting_attempts.created_at <= now() - make_interval(days => $6)
           RETURNING 1`,
          [context.tenantId, id, problem, steps, conversationId, TROUBLESHOOTING_MEMORY_DAYS],
        );
        return { remembered: rows.length };
      },
    }),
  ];
}
