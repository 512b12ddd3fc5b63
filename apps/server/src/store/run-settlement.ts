// A run that did not stop on a person, settled in one statement: its request's outcome, its conversation's
// status and the event that says so, all or none (one round trip instead of a five-statement transaction).
import type { EventEnvelope } from '@frontdesk/contracts';
import type { Queryable } from './database.js';
import type { OutboxRepository } from './outbox.js';
import type { RequestOutcome } from './requests.js';
import { renumbered } from './write-together.js';

export interface RunSettlement {
  tenantId: string;
  requestId: string;
  /** The request's conversation (its event is written under that conversation's lock). */
  conversationId: string;
  outcome: RequestOutcome;
  reply: string | undefined;
  /** The conversation's status from now on. */
  conversationStatus: string;
  /** Written with the outcome, and only with it. */
  event: EventEnvelope;
  /**
   * A `graph.run` task's run: settled only while the request is still running, so two runners of one claim
   * settle it once (the later one writes nothing).
   */
  claimed: boolean;
}

/** Records that the run is done; false when a claimed run had been settled already (nothing was written). */
export async function settleFinishedRun(
  db: Queryable,
  outbox: OutboxRepository,
  settlement: RunSettlement,
): Promise<boolean> {
  const { tenantId, requestId, conversationId, outcome, reply, conversationStatus, event, claimed } =
    settlement;
  const params: unknown[] = [tenantId, requestId, outcome, reply ?? null, conversationStatus];
  const announce = outbox.insertOf(event, { when: 'EXISTS (SELECT 1 FROM settled)', conversationId });
  const sql = `WITH settled AS (
      UPDATE requests SET run_status = 'done', outcome = $3, reply = $4, last_error = NULL, updated_at = now()
      WHERE tenant_id = $1 AND id = $2${claimed ? " AND run_status = 'running'" : ''}
      RETURNING conversation_id),
    conversation AS (
      UPDATE conversations c SET status = $5, updated_at = now() FROM settled s
      WHERE c.tenant_id = $1 AND c.id = s.conversation_id),
    announced AS (${renumbered(announce.sql, params.length)})
    SELECT count(*)::int AS settled FROM settled`;
  const [row] = await db.query<{ settled: number }>(sql, [...params, ...announce.params]);
  return (row?.settled ?? 0) > 0;
}
