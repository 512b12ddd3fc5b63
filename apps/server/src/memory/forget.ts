// Deleting a customer: one call removes them from every tier — session memory, long-term memory, knowledge
// drafts — and from the relational store: the customer, orders, conversations, messages, requests, decisions,
// approvals, tickets and the graph checkpoints that hold their words.
import type { ArticleDrafts } from '../knowledge/drafts.js';
import type { Database } from '../store/index.js';
import type { LongTermMemory } from './long-term.js';
import type { SessionMemory } from './session.js';

export interface ForgetReport {
  customerId: string;
  customer: boolean;
  memories: number;
  drafts: number;
  session: true;
}

export async function forgetCustomer(
  deps: { db: Database; session: SessionMemory; longTerm: LongTermMemory; drafts: ArticleDrafts },
  tenantId: string,
  customerId: string,
): Promise<ForgetReport> {
  const { memories, drafts, customer } = await deps.db.transaction(async (tx) => {
    const threads = (
      await tx.query<{ id: string }>(
        'SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id = $2',
        [tenantId, customerId],
      )
    ).map((row) => row.id);
    // The checkpointer's tables are set up with the migrations.
    for (const table of ['checkpoint_writes', 'checkpoint_blobs', 'checkpoints'])
      await tx.query(`DELETE FROM ${table} WHERE thread_id = ANY ($1)`, [threads]);
    await tx.query('DELETE FROM decisions WHERE tenant_id = $1 AND conversation_id = ANY ($2)', [
      tenantId,
      threads,
    ]);
    await tx.query('DELETE FROM approvals WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId]);
    await tx.query('DELETE FROM tickets WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId]);
    return {
      memories: await deps.longTerm.forgetCustomer(tenantId, customerId, tx),
      drafts: await deps.drafts.forgetCustomer(tenantId, customerId, tx),
      customer:
        (
          await tx.query('DELETE FROM customers WHERE tenant_id = $1 AND id = $2 RETURNING id', [
            tenantId,
            customerId,
          ])
        ).length > 0,
    };
  });
  // After the commit: if this fails the call can simply be repeated (every step is idempotent).
  await deps.session.forgetCustomer(tenantId, customerId);
  return { customerId, customer, memories, drafts, session: true };
}
