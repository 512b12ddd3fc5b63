// The ledger of accepted customer requests and where each run stands. A request is written before any
// work starts, so a crash can never lose it; `unfinished()` is what a worker resumes on start.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'done' | 'failed';
export type RequestOutcome = 'delivered' | 'awaiting_approval' | 'escalated' | 'external' | 'failed';

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

  async create(
    tenantId: string,
    request: { id: string; conversationId: string; customerId: string; text: string },
    q: Queryable = this.db,
  ): Promise<void> {
    await q.query(
      `INSERT INTO requests (tenant_id, id, conversation_id, customer_id, text, run_status)
       VALUES ($1, $2, $3, $4, $5, 'queued')`,
      [tenantId, request.id, request.conversationId, request.customerId, request.text],
    );
  }

  async get(tenantId: string, id: string): Promise<RequestRecord | undefined> {
    const [row] = await this.db.query<RequestRow>('SELECT * FROM requests WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toRequest(row);
  }

  /** Marks a run as started and counts the attempt. */
  async markRunning(tenantId: string, id: string): Promise<void> {
    await this.db.query(
      `UPDATE requests SET run_status = 'running', attempts = attempts + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
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
   * Takes (or renews) the lease on a request's run. Succeeds when nobody holds it, the lease expired, this
   * owner already holds it, or `ownerIsDead` says the holder has died. Returns whether the lease is ours.
   */
  async claim(
    tenantId: string,
    id: string,
    owner: string,
    leaseMs: number,
    ownerIsDead: (holder: string) => boolean = () => false,
  ): Promise<boolean> {
    const [row] = await this.db.query<{ lease_owner: string | null; expired: boolean }>(
      `SELECT lease_owner, (lease_until IS NULL OR lease_until < now()) AS expired
       FROM requests WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (!row) return false;
    const free =
      row.expired || row.lease_owner === owner || (row.lease_owner !== null && ownerIsDead(row.lease_owner));
    if (!free) return false;
    // Compare-and-set on the holder seen above, so two claimants cannot both win.
    const won = await this.db.query(
      `UPDATE requests SET lease_owner = $3, lease_until = now() + make_interval(secs => $4 / 1000.0)
       WHERE tenant_id = $1 AND id = $2 AND lease_owner IS NOT DISTINCT FROM $5 RETURNING id`,
      [tenantId, id, owner, leaseMs, row.lease_owner],
    );
    return won.length === 1;
  }

  async release(tenantId: string, id: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE requests SET lease_owner = NULL, lease_until = NULL
       WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`,
      [tenantId, id, owner],
    );
  }

  /** Requests accepted but not finished: queued, or running when their process died. Oldest first. */
  async unfinished(tenantId: string): Promise<RequestRecord[]> {
    const rows = await this.db.query<RequestRow>(
      `SELECT * FROM requests WHERE tenant_id = $1 AND run_status IN ('queued', 'running') ORDER BY created_at`,
      [tenantId],
    );
    return rows.map(toRequest);
  }
}
