// Side effects with exactly-once semantics. The action's row and its effect commit in one transaction,
// keyed by an idempotency key: a second call with the same key returns the first result and does nothing.
import type { Database, Queryable } from './database.js';

export interface ActionOutcome<Result> {
  result: Result;
  /** False when this key had already been performed and the stored result was returned. */
  performed: boolean;
}

export class ActionLedger {
  constructor(private readonly db: Database) {}

  async perform<Result extends Record<string, unknown>>(
    tenantId: string,
    action: { key: string; kind: string; conversationId: string; requestId: string },
    effect: (tx: Queryable) => Promise<Result>,
  ): Promise<ActionOutcome<Result>> {
    return this.db.transaction(async (tx) => {
      // Taking the key's row lock first serialises concurrent attempts at the same action.
      const claimed = await tx.query(
        `INSERT INTO actions (tenant_id, idempotency_key, kind, conversation_id, request_id, result)
         VALUES ($1, $2, $3, $4, $5, '{}') ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING 1`,
        [tenantId, action.key, action.kind, action.conversationId, action.requestId],
      );
      if (claimed.length === 0) {
        const [row] = await tx.query<{ result: Result }>(
          'SELECT result FROM actions WHERE tenant_id = $1 AND idempotency_key = $2',
          [tenantId, action.key],
        );
        return { result: row!.result, performed: false };
      }
      const result = await effect(tx);
      await tx.query('UPDATE actions SET result = $3 WHERE tenant_id = $1 AND idempotency_key = $2', [
        tenantId,
        action.key,
        JSON.stringify(result),
      ]);
      return { result, performed: true };
    });
  }

  /**
   * What one customer was refunded (refunds and cancellations performed, reversed or not) since a moment,
   * in minor units of one currency: the per-customer refund limit counts it.
   */
  async refundedSince(tenantId: string, customerId: string, currency: string, since: Date): Promise<number> {
    const [row] = await this.db.query<{ total: string | null }>(
      `SELECT sum(coalesce((result->>'amountMinor')::bigint, (result->>'refundedMinor')::bigint, 0)) AS total
         FROM actions WHERE tenant_id = $1 AND customer_id = $2 AND kind IN ('refund', 'cancel_order')
           AND result->>'currency' = $3 AND created_at >= $4`,
      [tenantId, customerId, currency, since.toISOString()],
    );
    return Number(row?.total ?? 0);
  }

  async count(tenantId: string, kind: string, conversationId?: string): Promise<number> {
    const [row] = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM actions WHERE tenant_id = $1 AND kind = $2
         AND ($3::text IS NULL OR conversation_id = $3)`,
      [tenantId, kind, conversationId ?? null],
    );
    return Number(row?.n ?? 0);
  }
}
