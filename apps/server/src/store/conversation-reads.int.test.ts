// Reads that follow one conversation (or one request, or one customer's refunds) find its rows through an
// index on both databases, not by scanning the whole tenant: each read's plan is taken from the repository's
// own statement, on a tenant with thousands of rows in other conversations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { ActionLedger } from './actions.js';
import { ApprovalRepository } from './approvals.js';
import type { Database } from './database.js';
import { DecisionRepository } from './decisions.js';
import { EffectsRepository } from './effects.js';
import { TicketRepository } from './tickets.js';

const TENANT = 'busy_tenant';
const CONVERSATIONS = 400;
const ROWS = 4_000;
/** The conversation and customer every read asks about. */
const THREAD = 'th_7';
const CUSTOMER = 'cus_7';

/** Seeds ROWS rows per table spread over CONVERSATIONS conversations and as many customers. */
async function seedBusyTenant(db: Database): Promise<void> {
  const spread = `FROM generate_series(1, ${ROWS}) AS i`;
  const thread = `'th_' || (i % ${CONVERSATIONS})`;
  const customer = `'cus_' || (i % ${CONVERSATIONS})`;
  await db.query(
    `INSERT INTO decisions (tenant_id, id, request_id, conversation_id, agent, outcome, confidence, duration_ms)
     SELECT '${TENANT}', 'dec_' || i, 'req_' || i, ${thread}, 'triage', 'answer', 0.9, 1 ${spread}`,
  );
  await db.query(
    `INSERT INTO approvals (tenant_id, id, conversation_id, request_id, customer_id, kind, reason, allowed_roles,
       status, deadline_at)
     SELECT '${TENANT}', 'apr_' || i, ${thread}, 'req_' || i, ${customer}, 'review', 'checked', '{lead}',
       'pending', now() + interval '1 day' ${spread}`,
  );
  await db.query(
    `INSERT INTO actions (tenant_id, idempotency_key, kind, conversation_id, request_id, result, customer_id)
     SELECT '${TENANT}', 'key_' || i, 'refund', ${thread}, 'req_' || i,
       '{"amountMinor": 100, "currency": "USD"}', ${customer} ${spread}`,
  );
  await db.query(
    `INSERT INTO tickets (tenant_id, id, conversation_id, customer_id, subject, body, priority)
     SELECT '${TENANT}', 'tkt_' || i, ${thread}, ${customer}, 'Damaged parcel', 'Box arrived crushed', 2 ${spread}`,
  );
  await db.query('ANALYZE decisions, approvals, actions, tickets');
}

/** The conditions under which each index in a plan (PostgreSQL's JSON form) was searched. */
function indexConditions(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(indexConditions);
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node['Index Cond'] === 'string' ? [node['Index Cond']] : [];
  return [...own, ...Object.values(node).flatMap(indexConditions)];
}

/**
 * A database whose every statement is explained instead of run: the repositories send their own SQL, get no
 * rows back, and the plans are kept in the order sent.
 */
function explaining(db: Database, plans: unknown[]): Database {
  const explainer = Object.create(db) as Database & { query: Database['query'] };
  explainer.query = async (sql, params) => {
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    plans.push(row?.['QUERY PLAN']);
    return [];
  };
  return explainer;
}

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`reads of one conversation on ${target.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await target.open();
      await seedBusyTenant(t.db);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    /** The index conditions of each statement `read` sends. */
    const conditionsOf = async (read: (db: Database) => Promise<unknown>) => {
      const plans: unknown[] = [];
      await read(explaining(t.db, plans));
      expect(plans.length).toBeGreaterThan(0);
      return plans.map(indexConditions);
    };

    it.each([
      ['the decision trail', (db: Database) => new DecisionRepository(db).byConversation(TENANT, THREAD)],
      [
        'the pending approval',
        (db: Database) => new ApprovalRepository(db).pendingOnConversation(TENANT, THREAD),
      ],
      [
        'the actions and approvals',
        (db: Database) => new EffectsRepository(db).ofConversation(TENANT, THREAD),
      ],
      ['the tickets', (db: Database) => new TicketRepository(db).byConversation(TENANT, THREAD)],
    ])('finds %s of one conversation through an index on it', async (_what, read) => {
      for (const conditions of await conditionsOf(read))
        expect(conditions.some((condition) => condition.includes('conversation_id'))).toBe(true);
    });

    it("finds one request's decisions through an index on the request", async () => {
      const [conditions] = await conditionsOf((db) => new DecisionRepository(db).byRequest(TENANT, 'req_7'));
      expect(conditions!.some((condition) => condition.includes('request_id'))).toBe(true);
    });

    it("finds a customer's refunds for the refund limit through an index on the customer", async () => {
      const [conditions] = await conditionsOf((db) =>
        new ActionLedger(db).refundedSince(TENANT, CUSTOMER, 'USD', new Date(0)),
      );
      expect(conditions!.some((condition) => condition.includes('customer_id'))).toBe(true);
    });

    it('reads the same rows as before: the indexes change how, not what', async () => {
      const trail = await new DecisionRepository(t.db).byConversation(TENANT, THREAD);
      expect(trail).toHaveLength(ROWS / CONVERSATIONS);
      expect(trail.every((decision) => decision.conversationId === THREAD)).toBe(true);
      const ofRequest = await new DecisionRepository(t.db).byRequest(TENANT, 'req_7');
      expect(ofRequest.map((decision) => decision.id)).toEqual(['dec_7']);
      const refunded = await new ActionLedger(t.db).refundedSince(TENANT, CUSTOMER, 'USD', new Date(0));
      expect(refunded).toBe((100 * ROWS) / CONVERSATIONS);
    });
  });
}
