// Backlog readings for operators (metrics at scrape time): approvals waiting for a person, events the relay
// has not published yet, background tasks waiting or failed — each as a count and the age of the oldest.
import type { Database } from './database.js';

export interface Backlog {
  count: number;
  /** Seconds since the oldest item was created; 0 when there is none. */
  oldestSeconds: number;
}

export interface OperationsReading {
  approvalsPending: Backlog;
  outboxPending: Backlog;
  tasksWaiting: Backlog;
  tasksFailed: number;
}

interface BacklogRow {
  count: string | number;
  oldest: string | number | null;
}

const backlog = (row: BacklogRow | undefined): Backlog => ({
  count: Number(row?.count ?? 0),
  oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)),
});

export class OperationsReadings {
  constructor(private readonly db: Database) {}

  async read(tenantId: string): Promise<OperationsReading> {
    const [approvals] = await this.db.query<BacklogRow>(
      `SELECT count(*) AS count, extract(epoch FROM now() - min(created_at)) AS oldest
         FROM approvals WHERE tenant_id = $1 AND status = 'pending'`,
      [tenantId],
    );
    const [outbox] = await this.db.query<BacklogRow>(
      `SELECT count(*) AS count, extract(epoch FROM now() - min(occurred_at)) AS oldest
         FROM outbox WHERE dispatched_at IS NULL`,
    );
    const [tasks] = await this.db.query<BacklogRow>(
      `SELECT count(*) FILTER (WHERE status <> 'failed') AS count,
              extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'waiting' AND run_at <= now())) AS oldest
         FROM background_tasks`,
    );
    const [failed] = await this.db.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM background_tasks WHERE status = 'failed'`,
    );
    return {
      approvalsPending: backlog(approvals),
      outboxPending: backlog(outbox),
      tasksWaiting: backlog(tasks),
      tasksFailed: Number(failed?.count ?? 0),
    };
  }
}
