// A run that did not stop on a person, settled in one statement: its request's outcome, its conversation's
// status and the event that says so, all or none (one round trip instead of a five-statement transaction),
// and stored with the run's last checkpoints when some are still on their way.
import type { EventEnvelope } from '@frontdesk/contracts';
import type { OutboxRepository } from './outbox.js';
import type { RequestOutcome } from './requests.js';
import { renumbered, type ComposableStatement } from './write-together.js';

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

/**
 * The statement that records the run is done, in parts: the checkpoint saver stores it with the run's last
 * checkpoints, in their statement, with a commit that waits for disk (see `runCheckpointsStored`), or on its
 * own. `wasSettled` reads its rows: false when a claimed run had been settled already (nothing was written).
 */
export function settlementStatement(
  outbox: OutboxRepository,
  settlement: RunSettlement,
): ComposableStatement {
  const { tenantId, requestId, conversationId, outcome, reply, conversationStatus, event, claimed } =
    settlement;
  const params: unknown[] = [tenantId, requestId, outcome, reply ?? null, conversationStatus];
  const announce = outbox.insertOf(event, { when: 'EXISTS (SELECT 1 FROM settled)', conversationId });
  return {
    ctes: [
      {
        name: 'settled',
        sql: `UPDATE requests SET run_status = 'done', outcome = $3, reply = $4, last_error = NULL, updated_at = now()
          WHERE tenant_id = $1 AND id = $2${claimed ? " AND run_status = 'running'" : ''}
          RETURNING conversation_id`,
      },
      {
        name: 'conversation',
        sql: `UPDATE conversations c SET status = $5, updated_at = now() FROM settled s
          WHERE c.tenant_id = $1 AND c.id = s.conversation_id`,
      },
      { name: 'announced', sql: renumbered(announce.sql, params.length) },
    ],
    select: 'SELECT count(*)::int AS settled FROM settled',
    params: [...params, ...announce.params],
  };
}

/** Whether the settlement statement wrote anything (false: a claimed run had been settled already). */
export const wasSettled = (rows: ReadonlyArray<{ settled?: unknown }>): boolean =>
  Number(rows[0]?.settled ?? 0) > 0;
