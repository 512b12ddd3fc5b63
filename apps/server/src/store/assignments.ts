// Who holds a conversation: a person who took it over from the agents (claimed, or was assigned it). One
// holder per conversation at most; the conversation row is locked while a hold is taken or checked, so a
// claim and an agent's reply on the same thread are serialised and exactly one of them goes first. The
// holder is kept on the conversation's row too (`held_by`), where a reply reads it under that lock.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface AssignmentRecord {
  conversationId: string;
  holder: string;
  holderRole: string;
  assignedBy: string;
  claimedAt: string;
  lastActivityAt: string;
}

/** A conversation as seen under its lock: its status and who holds it, if anyone. */
export interface LockedConversation {
  id: string;
  customerId: string;
  status: string;
  holder: AssignmentRecord | undefined;
  /** The newest request on the conversation: the events of a person's work are filed under it. */
  latestRequestId: string | undefined;
}

interface AssignmentRow {
  conversation_id: string;
  holder: string;
  holder_role: string;
  assigned_by: string;
  claimed_at: Date;
  last_activity_at: Date;
}

const toAssignment = (row: AssignmentRow): AssignmentRecord => ({
  conversationId: row.conversation_id,
  holder: row.holder,
  holderRole: row.holder_role,
  assignedBy: row.assigned_by,
  claimedAt: iso(row.claimed_at)!,
  lastActivityAt: iso(row.last_activity_at)!,
});

export class AssignmentRepository {
  constructor(private readonly db: Database) {}

  /**
   * Locks the conversation's row for the rest of `tx` and reads who holds it. Undefined when the tenant has
   * no such conversation. Every change of hold takes this lock first (an agent's reply takes it in the
   * statement that writes the reply: see agent-reply.ts).
   */
  async lock(
    tenantId: string,
    conversationId: string,
    tx: Queryable,
  ): Promise<LockedConversation | undefined> {
    const [row] = await tx.query<{ id: string; customer_id: string; status: string }>(
      'SELECT id, customer_id, status FROM conversations WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, conversationId],
    );
    if (!row) return undefined;
    // Read once the lock is held, in a statement of its own: in the locking one, a request or hold committed
    // while it waited for the lock would not be seen (its snapshot predates the wait).
    const [seen] = await tx.query<Partial<AssignmentRow> & { latest_request_id: string | null }>(
      `SELECT (SELECT r.id FROM requests r WHERE r.tenant_id = $1 AND r.conversation_id = $2
               ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS latest_request_id, a.*
       FROM (SELECT 1) AS one
       LEFT JOIN conversation_assignments a ON a.tenant_id = $1 AND a.conversation_id = $2`,
      [tenantId, conversationId],
    );
    return {
      id: row.id,
      customerId: row.customer_id,
      status: row.status,
      holder: seen?.holder ? toAssignment(seen as AssignmentRow) : undefined,
      latestRequestId: seen?.latest_request_id ?? undefined,
    };
  }

  /** Who holds the conversation now; undefined when the agents have it. */
  async holderOf(
    tenantId: string,
    conversationId: string,
    q: Queryable = this.db,
  ): Promise<AssignmentRecord | undefined> {
    const [row] = await q.query<AssignmentRow>(
      'SELECT * FROM conversation_assignments WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    return row && toAssignment(row);
  }

  /** Gives the conversation to `holder` (replacing any holder: check under `lock` first). */
  async assign(
    tenantId: string,
    conversationId: string,
    hold: { holder: string; holderRole: string; assignedBy: string },
    tx: Queryable,
  ): Promise<AssignmentRecord> {
    // The holder goes on the conversation's row too, where an agent's reply reads it (agent-reply.ts).
    const [row] = await tx.query<AssignmentRow>(
      `WITH held AS (
         INSERT INTO conversation_assignments (tenant_id, conversation_id, holder, holder_role, assigned_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET holder = EXCLUDED.holder,
           holder_role = EXCLUDED.holder_role, assigned_by = EXCLUDED.assigned_by, claimed_at = now(),
           last_activity_at = now()
         RETURNING *),
       mirrored AS (
         UPDATE conversations c SET held_by = h.holder FROM held h
         WHERE c.tenant_id = h.tenant_id AND c.id = h.conversation_id)
       SELECT * FROM held`,
      [tenantId, conversationId, hold.holder, hold.holderRole, hold.assignedBy],
    );
    return toAssignment(row!);
  }

  /** Returns the conversation to the agents; the removed hold, or undefined when nobody held it. */
  async release(
    tenantId: string,
    conversationId: string,
    tx: Queryable,
  ): Promise<AssignmentRecord | undefined> {
    const [row] = await tx.query<AssignmentRow>(
      `WITH released AS (
         DELETE FROM conversation_assignments WHERE tenant_id = $1 AND conversation_id = $2 RETURNING *),
       mirrored AS (
         UPDATE conversations c SET held_by = NULL FROM released r
         WHERE c.tenant_id = r.tenant_id AND c.id = r.conversation_id)
       SELECT * FROM released`,
      [tenantId, conversationId],
    );
    return row && toAssignment(row);
  }

  /** Notes that the holder did something on the conversation (the idle clock starts again). */
  async touch(tenantId: string, conversationId: string, q: Queryable = this.db): Promise<void> {
    await q.query(
      'UPDATE conversation_assignments SET last_activity_at = now() WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
  }
}
