// Replays and forks waiting for a worker, and their outcome once it ran them (see runs/branch-run.ts).
import type { Database } from './database.js';

export interface BranchRunRecord {
  id: string;
  threadId: string;
  requestId: string;
  status: 'queued' | 'done' | 'failed';
  /** The run's outcome, as the caller receives it (a DeskResult), once done. */
  result?: unknown;
  /** Why it failed: an error-registry code and a message. */
  error?: { code: string; message: string };
}

interface BranchRunRow {
  id: string;
  thread_id: string;
  request_id: string;
  status: BranchRunRecord['status'];
  result: unknown;
  error_code: string | null;
  error: string | null;
}

export class BranchRunRepository {
  constructor(private readonly db: Database) {}

  async create(tenantId: string, run: { id: string; threadId: string; requestId: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO branch_runs (tenant_id, id, thread_id, request_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, run.id, run.threadId, run.requestId],
    );
  }

  async get(tenantId: string, id: string): Promise<BranchRunRecord | undefined> {
    const [row] = await this.db.query<BranchRunRow>(
      'SELECT id, thread_id, request_id, status, result, error_code, error FROM branch_runs WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      threadId: row.thread_id,
      requestId: row.request_id,
      status: row.status,
      ...(row.result !== null ? { result: row.result } : {}),
      ...(row.error_code !== null ? { error: { code: row.error_code, message: row.error ?? '' } } : {}),
    };
  }

  /** Records the outcome of a branch still queued; false when it was already recorded (a retried task). */
  async settle(
    tenantId: string,
    id: string,
    outcome: { result: unknown } | { error: { code: string; message: string } },
  ): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE branch_runs SET status = $3, result = $4, error_code = $5, error = $6, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'queued' RETURNING id`,
      'result' in outcome
        ? [tenantId, id, 'done', JSON.stringify(outcome.result), null, null]
        : [tenantId, id, 'failed', null, outcome.error.code, outcome.error.message],
    );
    return rows.length > 0;
  }
}
