// The ledger of accepted customer requests and where each run stands. A request is written before any
// work starts, so a crash can never lose it; `claimRun()` is how a `graph.run` task takes one to run.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'done' | 'failed';
/** `with_person`: the message arrived while a person held its thread, so the person answers it, not the agents. */
export type RequestOutcome =
  'delivered' | 'awaiting_approval' | 'escalated' | 'external' | 'failed' | 'with_person';

export interface RequestRecord {
  id: string;
  conversationId: string;
  customerId: string;
  text: string;
  runStatus: RunStatus;
  outcome: RequestOutcome | undefined;
  reply: string | undefined;
  attempts: number;
  lastError: string | undefined;
  createdAt: string;
  updatedAt: string;
}

interface RequestRow {
  id: string;
  conversation_id: string;
  customer_id: string;
  text: string;
  run_status: RunStatus;
  outcome: RequestOutcome | null;
  reply: string | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRequest = (row: RequestRow): RequestRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  text: row.text,
  runStatus: row.run_status,
  outcome: row.outcome ?? undefined,
  reply: row.reply ?? undefined,
  attempts: row.attempts,
  lastError: row.last_error ?? undefined,
  createdAt: iso(row.created_at)!,
  updatedAt: iso(row.updated_at)!,
});

export class RequestRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a queued request and returns it as stored (undefined from a Queryable that only collects writes:
   * a statement of writeTogether's that ends with this one returns its row, which `created` reads). With
   * `claimedBy`, the request is stored already claimed by that run (running, its first attempt), as `claimRun`
   * would leave it, for a run whose task is written in the same statement (see ThreadRuns.reserve).
   */
  async create(
    tenantId: string,
    request: { id: string; conversationId: string; customerId: string; text: string; claimedBy?: string },
    q: Queryable = this.db,
  ): Promise<RequestRecord | undefined> {
    const [row] = await q.query<RequestRow>(
      `INSERT INTO requests (tenant_id, id, conversation_id, customer_id, text, run_status, lease_owner, attempts)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN 'queued' ELSE 'running' END, $6::text,
         CASE WHEN $6::text IS NULL THEN 0 ELSE 1 END)
       RETURNING *`,
      [
        tenantId,
        request.id,
        request.conversationId,
        request.customerId,
        request.text,
        request.claimedBy ?? null,
      ],
    );
    return row && toRequest(row);
  }

  /** The request the rows of a writeTogether statement that ended with `create` hold. */
  created(rows: readonly object[]): RequestRecord | undefined {
    const [row] = rows as RequestRow[];
    return row && toRequest(row);
  }

  async get(tenantId: string, id: string): Promise<RequestRecord | undefined> {
    const [row] = await this.db.query<RequestRow>('SELECT * FROM requests WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toRequest(row);
  }

  async markSettled(
    tenantId: string,
    id: string,
    result: { runStatus: RunStatus; outcome: RequestOutcome; reply?: string; error?: string },
    q: Queryable = this.db,
  ): Promise<void> {
    await q.query(
      `UPDATE requests SET run_status = $3, outcome = $4, reply = $5, last_error = $6, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, result.runStatus, result.outcome, result.reply ?? null, result.error ?? null],
    );
  }

  /**
   * Like `markSettled`, only for a request still running: false when it was settled already — by another
   * runner of the same claim (a stalled-job take-over while the first was still alive), which must not
   * settle it a second time.
   */
  async markRunSettled(
    tenantId: string,
    id: string,
    result: { runStatus: RunStatus; outcome: RequestOutcome; reply?: string },
    q: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await q.query<{ id: string }>(
      `UPDATE requests SET run_status = $3, outcome = $4, reply = $5, last_error = NULL, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND run_status = 'running' RETURNING id`,
      [tenantId, id, result.runStatus, result.outcome, result.reply ?? null],
    );
    return rows.length > 0;
  }

  /** The request of a conversation that is still running or waiting for a person, if any. */
  async openOnConversation(tenantId: string, conversationId: string): Promise<RequestRecord | undefined> {
    const [row] = await this.db.query<RequestRow>(
      `SELECT * FROM requests WHERE tenant_id = $1 AND conversation_id = $2
         AND run_status IN ('queued', 'running', 'waiting')
       ORDER BY created_at DESC LIMIT 1`,
      [tenantId, conversationId],
    );
    return row && toRequest(row);
  }

  /**
   * Claims a request for the `graph.run` task `runId`: a queued request, or one this same task was running
   * when its process died (the job runner hands the task back, so the run continues from its checkpoint).
   * Only the oldest request on a thread still queued or running may run, so runs on one thread go one at a
   * time, oldest first. `waitingBehind` names an older request of the thread that waits for a person, and
   * `held` says whether a person holds the thread, and `threadStarted` whether it has a checkpoint yet (a
   * new conversation's first run has none to read), all read in the same statement. Undefined when the
   * request is not this task's to run (now).
   */
  async claimRun(
    tenantId: string,
    id: string,
    runId: string,
  ): Promise<
    | { request: RequestRecord; waitingBehind: string | undefined; held: boolean; threadStarted: boolean }
    | undefined
  > {
    const [row] = await this.db.query<
      RequestRow & { waiting_behind: string | null; held: boolean; thread_started: boolean }
    >(
      `UPDATE requests r SET run_status = 'running', attempts = r.attempts + 1, lease_owner = $3,
         lease_until = NULL, updated_at = now()
       WHERE r.tenant_id = $1 AND r.id = $2
         AND (r.run_status = 'queued' OR (r.run_status = 'running' AND r.lease_owner = $3))
         AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.tenant_id = r.tenant_id
           AND o.conversation_id = r.conversation_id AND o.run_status IN ('queued', 'running')
           AND (o.created_at, o.id) < (r.created_at, r.id))
       RETURNING r.*, (SELECT o.id FROM requests o WHERE o.tenant_id = r.tenant_id
           AND o.conversation_id = r.conversation_id AND o.run_status = 'waiting'
           AND (o.created_at, o.id) < (r.created_at, r.id) LIMIT 1) AS waiting_behind,
         EXISTS (SELECT 1 FROM conversation_assignments a WHERE a.tenant_id = r.tenant_id
           AND a.conversation_id = r.conversation_id) AS held,
         EXISTS (SELECT 1 FROM checkpoints c WHERE c.thread_id = r.conversation_id AND c.checkpoint_ns = '')
           AS thread_started`,
      [tenantId, id, runId],
    );
    return (
      row && {
        request: toRequest(row),
        waitingBehind: row.waiting_behind ?? undefined,
        held: row.held,
        threadStarted: row.thread_started,
      }
    );
  }

  /** The oldest request of a conversation still queued (the next to run when the thread is free). */
  async nextQueued(tenantId: string, conversationId: string): Promise<RequestRecord | undefined> {
    const [row] = await this.db.query<RequestRow>(
      `SELECT * FROM requests WHERE tenant_id = $1 AND conversation_id = $2 AND run_status = 'queued'
       ORDER BY created_at, id LIMIT 1`,
      [tenantId, conversationId],
    );
    return row && toRequest(row);
  }

  /** A request that waited for a person is queued again to resume (their answer is recorded). */
  async queueResume(tenantId: string, id: string, q: Queryable = this.db): Promise<boolean> {
    const rows = await q.query(
      `UPDATE requests SET run_status = 'queued', lease_owner = NULL, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND run_status = 'waiting' RETURNING id`,
      [tenantId, id],
    );
    return rows.length === 1;
  }

  /** Asks the task running a request to stop at its next step (double texting: interrupt). */
  async requestStop(tenantId: string, id: string, by: string, q: Queryable = this.db): Promise<void> {
    await q.query(
      `UPDATE requests SET stop_requested_by = $3 WHERE tenant_id = $1 AND id = $2 AND run_status = 'running'`,
      [tenantId, id, by],
    );
  }

  /** Who asked the run of a request to stop, if anyone did. */
  async stopRequestedBy(tenantId: string, id: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ stop_requested_by: string | null }>(
      'SELECT stop_requested_by FROM requests WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row?.stop_requested_by ?? undefined;
  }

  /** The run id (its `graph.run` task) holding a running request, if any. */
  async runIdOf(tenantId: string, id: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ lease_owner: string | null }>(
      `SELECT lease_owner FROM requests WHERE tenant_id = $1 AND id = $2 AND run_status = 'running'`,
      [tenantId, id],
    );
    return row?.lease_owner ?? undefined;
  }

  /** Requests accepted but not finished: queued, or running when their process died. Oldest first. */
  async unfinished(tenantId: string): Promise<RequestRecord[]> {
    const rows = await this.db.query<RequestRow>(
      `SELECT * FROM requests WHERE tenant_id = $1 AND run_status IN ('queued', 'running') ORDER BY created_at`,
      [tenantId],
    );
    return rows.map(toRequest);
  }

  /** Every tenant's oldest unfinished request per thread: what start-up makes sure a task will run. */
  async headsOfUnfinishedThreads(): Promise<Array<{ tenantId: string; request: RequestRecord }>> {
    const rows = await this.db.query<RequestRow & { tenant_id: string }>(
      `SELECT DISTINCT ON (tenant_id, conversation_id) * FROM requests
       WHERE run_status IN ('queued', 'running')
       ORDER BY tenant_id, conversation_id, created_at, id`,
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, request: toRequest(row) }));
  }
}
