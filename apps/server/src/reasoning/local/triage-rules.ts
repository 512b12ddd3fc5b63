// A tenant's triage rules: how sure the classifier must be before the desk acts on its intent, the base
// priority of each intent, how much sentiment, urgency, VIP tier and repeat contacts raise it, and extra words
// that count as urgent, negative or positive. Stored per tenant; anything left out keeps its default.
import { z } from 'zod';
import type { Database } from '../../store/database.js';
import { intents, type Intent } from '../port.js';

const words = z.array(z.string().min(1).max(60)).max(200);

export const triageRulesSchema = z
  .object({
    /** Below this calibrated confidence the request is out of scope and goes to a person. */
    outOfScopeBelow: z.number().min(0).max(1).default(0.5),
    basePriority: z.partialRecord(z.enum(intents), z.number().int().min(1).max(10)).default({}),
    negativeBoost: z.number().int().min(0).max(9).default(1),
    /** Added per urgency signal, for at most two signals. */
    urgencyBoost: z.number().int().min(0).max(9).default(2),
    vipBoost: z.number().int().min(0).max(9).default(1),
    followUpBoost: z.number().int().min(0).max(9).default(2),
    /** Extra words per urgency signal name (new names allowed), matched as whole words, case-insensitive. */
    urgencyTerms: z.record(z.string().regex(/^[a-z_-]{1,30}$/), words).default({}),
    negativeTerms: words.default([]),
    positiveTerms: words.default([]),
  })
  .strict();
export type TriageRules = z.infer<typeof triageRulesSchema>;

export const defaultTriageRules: TriageRules = triageRulesSchema.parse({});

export const defaultBasePriority: Record<Intent, number> = {
  password_reset: 3,
  sign_in_problem: 4,
  refund_request: 6,
  damaged_item: 6,
  order_status: 4,
  cancel_order: 5,
  change_address: 5,
  return_or_exchange: 4,
  billing: 5,
  shipping_info: 3,
  account: 3,
  product_question: 3,
  human_request: 6,
  greeting: 1,
  thanks: 1,
  other: 5,
};

/** The tenant's rules as stored; a tenant without a row gets the defaults. */
export class TriageRulesStore {
  constructor(private readonly db: Database) {}

  async get(tenantId: string): Promise<TriageRules> {
    const [row] = await this.db.query<{ rules: unknown }>(
      'SELECT rules FROM triage_rules WHERE tenant_id = $1',
      [tenantId],
    );
    return row ? triageRulesSchema.parse(row.rules) : defaultTriageRules;
  }

  /** Validates and replaces the tenant's rules; throws a ZodError naming the bad field. */
  async set(tenantId: string, rules: unknown): Promise<TriageRules> {
    const parsed = triageRulesSchema.parse(rules);
    await this.db.query(
      `INSERT INTO triage_rules (tenant_id, rules) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()`,
      [tenantId, JSON.stringify(parsed)],
    );
    return parsed;
  }
}
