// The background_tasks table behind the in-process runner: insert with de-duplication by job id, claim
// under a lease, renew, finish, retry later or fail for good. Every change after a claim is fenced on the
// lease owner, so a runner that lost its lease (presumed dead, then back) can never finish a task twice.
import type { Database, Queryable } from '../store/index.js';
import type { TaskFailure } from './port.js';

export interface ClaimedTask {
  id: string;
  task: string;
  payload: unknown;
  /** Including the attempt just claimed. */
  attemptsMade: number;
  maxAttempts: number;
  backoffMs: number;
  /** Whether another task was due when this one was claimed (worth another claim at once). */
  more: boolean;
}

interface ClaimedRow {
  id: string;
  task: string;
  payload: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff_ms: number;
  more?: boolean;
}

const toClaimed = (row: ClaimedRow): ClaimedTask => ({
  id: row.id,
  task: row.task,
  payload: row.payload,
  attemptsMade: row.attempts_made,
  maxAttempts: row.max_attempts,
  backoffMs: row.backoff_ms,
  more: row.more ?? false,
});

const interval = (ms: string) => `make_interval(secs => ${ms} / 1000.0)`;

export class TaskTable {
  constructor(
    private readonly db: Database,
    private readonly queue: string,
  ) {}

  /**
   * Adds a task as waiting. A job id that is waiting or running already is left alone (false); one that
   * failed for good is replaced, so enqueuing it again tries again, as a fresh job would.
   */
  async insert(
    id: string,
    task: string,
    payload: unknown,
    maxAttempts: number,
    backoffMs: number,
    delayMs = 0,
  ): Promise<boolean> {
    return (await this.store(id, task, payload, maxAttempts, backoffMs, delayMs)) !== undefined;
  }

  /**
   * Adds a task already claimed by `owner`, due now, as `insert` would add it and `claim` then take it: one
   * statement instead of two, for a runner with a loop free to run it at once. Undefined when the job id is
   * waiting or running already (left alone, as by `insert`).
   */
  async insertClaimed(
    id: string,
    task: string,
    payload: unknown,
    maxAttempts: number,
    backoffMs: number,
    claim: { owner: string; leaseMs: number },
  ): Promise<ClaimedTask | undefined> {
    const row = await this.store(id, task, payload, maxAttempts, backoffMs, 0, claim);
    return row && toClaimed(row);
  }

  /**
   * Writes `job` claimed by `owner`, due now, through `q` (inside another statement or transaction), as
   * `insertClaimed` would add it. A new job id only: nothing is merged into a task already there, and the
   * write fails if one is.
   */
  async writeClaimed(
    q: Queryable,
    job: ClaimedTask,
    claim: { owner: string; leaseMs: number },
  ): Promise<void> {
    await q.query(
      `INSERT INTO background_tasks
         (queue, id, task, payload, status, attempts_made, max_attempts, backoff_ms, run_at, lease_owner, lease_until)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, now(), $8::text, now() + ${interval('$9')})`,
      [
        this.queue,
        job.id,
        job.task,
        JSON.stringify(job.payload),
        job.attemptsMade,
        job.maxAttempts,
        job.backoffMs,
        claim.owner,
        claim.leaseMs,
      ],
    );
  }

  private async store(
    id: string,
    task: string,
    payload: unknown,
    maxAttempts: number,
    backoffMs: number,
    delayMs: number,
    claim?: { owner: string; leaseMs: number },
  ): Promise<ClaimedRow | undefined> {
    const [row] = await this.db.query<ClaimedRow>(
      `INSERT INTO background_tasks
         (queue, id, task, payload, status, attempts_made, max_attempts, backoff_ms, run_at, lease_owner, lease_until)
       VALUES ($1, $2, $3, $4, CASE WHEN $8::text IS NULL THEN 'waiting' ELSE 'running' END,
         CASE WHEN $8::text IS NULL THEN 0 ELSE 1 END, $5, $6, now() + ${interval('$7')}, $8::text,
         CASE WHEN $8::text IS NULL THEN NULL ELSE now() + ${interval('$9')} END)
       ON CONFLICT (queue, id) DO UPDATE SET task = EXCLUDED.task, payload = EXCLUDED.payload,
         status = EXCLUDED.status, attempts_made = EXCLUDED.attempts_made, max_attempts = EXCLUDED.max_attempts,
         backoff_ms = EXCLUDED.backoff_ms, run_at = EXCLUDED.run_at, lease_owner = EXCLUDED.lease_owner,
         lease_until = EXCLUDED.lease_until, last_error = NULL, created_at = now(), updated_at = now()
       WHERE background_tasks.status = 'failed'
       RETURNING id, task, payload, attempts_made, max_attempts, backoff_ms`,
      [
        this.queue,
        id,
        task,
        JSON.stringify(payload),
        maxAttempts,
        backoffMs,
        delayMs,
        claim?.owner ?? null,
        claim?.leaseMs ?? null,
      ],
    );
    return row;
  }

  /**
   * Takes the next due task among `tasks` for `owner`: a waiting one whose time has come, or a running one
   * whose lease ran out (its runner stopped renewing). Counts the attempt. Undefined when none is due.
   */
  async claim(owner: string, tasks: readonly string[], leaseMs: number): Promise<ClaimedTask | undefined> {
    const [row] = await this.db.query<ClaimedRow>(
      `UPDATE background_tasks t SET status = 'running', attempts_made = t.attempts_made + 1,
         lease_owner = $2, lease_until = now() + ${interval('$4')}, updated_at = now()
       WHERE t.queue = $1 AND t.id = (
         SELECT id FROM background_tasks
         WHERE queue = $1 AND task = ANY ($3::text[]) AND attempts_made < max_attempts
           AND ((status = 'waiting' AND run_at <= now()) OR (status = 'running' AND lease_until < now()))
         ORDER BY run_at, created_at, id
         LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING t.id, t.task, t.payload, t.attempts_made, t.max_attempts, t.backoff_ms,
         EXISTS (
           SELECT 1 FROM background_tasks o
           WHERE o.queue = $1 AND o.id <> t.id AND o.task = ANY ($3::text[]) AND o.attempts_made < o.max_attempts
             AND ((o.status = 'waiting' AND o.run_at <= now()) OR (o.status = 'running' AND o.lease_until < now()))
         ) AS more`,
      [this.queue, owner, tasks, leaseMs],
    );
    return row && toClaimed(row);
  }

  /** Extends the lease; false when `owner` no longer holds it. */
  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.fenced(`lease_until = now() + ${interval('$4')}`, id, owner, [leaseMs]);
  }

  /** The task is done: it leaves the table. False when `owner` no longer held it. */
  async complete(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM background_tasks WHERE queue = $1 AND id = $2 AND status = 'running' AND lease_owner = $3
       RETURNING id`,
      [this.queue, id, owner],
    );
    return rows.length === 1;
  }

  /** Back to waiting, due after `delayMs`. */
  async retryLater(id: string, owner: string, delayMs: number, error: string): Promise<boolean> {
    return this.fenced(
      `status = 'waiting', run_at = now() + ${interval('$4')}, lease_owner = NULL, lease_until = NULL,
       last_error = $5`,
      id,
      owner,
      [delayMs, error.slice(0, 2000)],
    );
  }

  /** Used up its attempts: kept as failed for inspection. */
  async fail(id: string, owner: string, error: string): Promise<boolean> {
    return this.fenced(
      `status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = $4`,
      id,
      owner,
      [error.slice(0, 2000)],
    );
  }

  /** Who holds leases on running tasks, other than `owner`. */
  async holders(owner: string): Promise<string[]> {
    const rows = await this.db.query<{ lease_owner: string }>(
      `SELECT DISTINCT lease_owner FROM background_tasks
       WHERE queue = $1 AND status = 'running' AND lease_owner <> $2`,
      [this.queue, owner],
    );
    return rows.map((row) => row.lease_owner);
  }

  /** Tasks held by runners known to be dead go back to waiting, due now (their attempt stays counted). */
  async releaseHeldBy(owners: readonly string[]): Promise<number> {
    if (owners.length === 0) return 0;
    const rows = await this.db.query(
      `UPDATE background_tasks SET status = 'waiting', run_at = now(), lease_owner = NULL, lease_until = NULL,
         updated_at = now()
       WHERE queue = $1 AND status = 'running' AND lease_owner = ANY ($2::text[]) RETURNING id`,
      [this.queue, owners],
    );
    return rows.length;
  }

  /**
   * Tasks among `tasks` that are due again but have no attempt left (their runners died while running
   * them, every time) fail for good instead: a task that kills its process must not do so forever.
   */
  async failExhausted(tasks: readonly string[]): Promise<Array<ClaimedTask & { error: string }>> {
    const rows = await this.db.query<ClaimedRow & { last_error: string }>(
      `UPDATE background_tasks SET status = 'failed', lease_owner = NULL, lease_until = NULL,
         last_error = COALESCE(last_error, 'its runner stopped while running it'), updated_at = now()
       WHERE queue = $1 AND task = ANY ($2::text[]) AND attempts_made >= max_attempts
         AND (status = 'waiting' OR (status = 'running' AND lease_until < now()))
       RETURNING id, task, payload, attempts_made, max_attempts, backoff_ms, last_error`,
      [this.queue, tasks],
    );
    return rows.map((row) => ({ ...toClaimed(row), error: row.last_error }));
  }

  /** Tasks that failed for good, newest first. */
  async failed(limit: number): Promise<TaskFailure[]> {
    const rows = await this.db.query<{
      id: string;
      task: string;
      attempts_made: number;
      last_error: string | null;
    }>(
      `SELECT id, task, attempts_made, last_error FROM background_tasks WHERE queue = $1 AND status = 'failed'
       ORDER BY updated_at DESC, id LIMIT $2`,
      [this.queue, limit],
    );
    return rows.map((row) => ({
      task: row.task,
      jobId: row.id,
      attemptsMade: row.attempts_made,
      error: row.last_error ?? '',
    }));
  }

  /** How many of `tasks` are waiting (now or for a retry) or running. */
  async unfinished(tasks: readonly string[]): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM background_tasks
       WHERE queue = $1 AND task = ANY ($2::text[]) AND status IN ('waiting', 'running')`,
      [this.queue, tasks],
    );
    return row?.n ?? 0;
  }

  private async fenced(set: string, id: string, owner: string, extra: unknown[]): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE background_tasks SET ${set}, updated_at = now()
       WHERE queue = $1 AND id = $2 AND status = 'running' AND lease_owner = $3 RETURNING id`,
      [this.queue, id, owner, ...extra],
    );
    return rows.length === 1;
  }
}
