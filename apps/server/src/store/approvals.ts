// Approvals: what a paused thread is waiting for a person to decide. The graph's checkpoint holds the
// paused run; this table makes the waiting queryable (who may answer, what, since when, until when).
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export type ApprovalKind = 'review' | 'decision';
export type ApprovalStatus = 'pending' | 'approved' | 'edited' | 'rejected' | 'responded' | 'expired';

export interface ApprovalRecord {
  id: string;
  conversationId: string;
  requestId: string;
  customerId: string;
  kind: ApprovalKind;
  reason: string;
  reasons: string[];
  proposedAction: Record<string, unknown> | undefined;
  proposedReply: string | undefined;
  allowedRoles: string[];
  status: ApprovalStatus;
  deadline: string;
  createdAt: string;
  answeredAt: string | undefined;
  answeredBy: string | undefined;
  answeredRole: string | undefined;
  answer: Record<string, unknown> | undefined;
  /** How many times the approval passed its deadline and was re-escalated. */
  escalationLevel: number;
  /** Why the action approved here could not be performed, when it could not. */
  actionFailure: string | undefined;
}

interface ApprovalRow {
  id: string;
  conversation_id: string;
  request_id: string;
  customer_id: string;
  kind: ApprovalKind;
  reason: string;
  reasons: string[];
  proposed_action: Record<string, unknown> | null;
  proposed_reply: string | null;
  allowed_roles: string[];
  status: ApprovalStatus;
  deadline_at: Date;
  created_at: Date;
  answered_at: Date | null;
  answered_by: string | null;
  answered_role: string | null;
  answer: Record<string, unknown> | null;
  escalation_level: number;
  action_failure: string | null;
}

const toApproval = (row: ApprovalRow): ApprovalRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  requestId: row.request_id,
  customerId: row.customer_id,
  kind: row.kind,
  reason: row.reason,
  reasons: row.reasons,
  proposedAction: row.proposed_action ?? undefined,
  proposedReply: row.proposed_reply ?? undefined,
  allowedRoles: row.allowed_roles,
  status: row.status,
  deadline: iso(row.deadline_at)!,
  createdAt: iso(row.created_at)!,
  answeredAt: iso(row.answered_at),
  answeredBy: row.answered_by ?? undefined,
  answeredRole: row.answered_role ?? undefined,
  answer: row.answer ?? undefined,
  escalationLevel: row.escalation_level,
  actionFailure: row.action_failure ?? undefined,
});

export type NewApproval = Pick<
  ApprovalRecord,
  | 'id'
  | 'conversationId'
  | 'requestId'
  | 'customerId'
  | 'kind'
  | 'reason'
  | 'reasons'
  | 'proposedAction'
  | 'proposedReply'
  | 'allowedRoles'
  | 'deadline'
>;

export class ApprovalRepository {
  constructor(private readonly db: Database) {}

  /** Records a pending approval; the same id twice (a replayed interrupt) is a no-op. */
  async create(tenantId: string, approval: NewApproval, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO approvals (tenant_id, id, conversation_id, request_id, customer_id, kind, reason, reasons,
         proposed_action, proposed_reply, allowed_roles, status, deadline_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [
        tenantId,
        approval.id,
        approval.conversationId,
        approval.requestId,
        approval.customerId,
        approval.kind,
        approval.reason,
        JSON.stringify(approval.reasons),
        approval.proposedAction ? JSON.stringify(approval.proposedAction) : null,
        approval.proposedReply ?? null,
        approval.allowedRoles,
        approval.deadline,
      ],
    );
  }

  async get(tenantId: string, id: string, q: Queryable = this.db): Promise<ApprovalRecord | undefined> {
    const [row] = await q.query<ApprovalRow>('SELECT * FROM approvals WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toApproval(row);
  }

  /** Pending approvals, oldest first. */
  async pending(tenantId: string): Promise<ApprovalRecord[]> {
    const rows = await this.db.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map(toApproval);
  }

  /** The oldest pending approval whose proposed action is on this order, if any. */
  async pendingOnOrder(tenantId: string, orderId: string): Promise<ApprovalRecord | undefined> {
    const [row] = await this.db.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE tenant_id = $1 AND status = 'pending' AND proposed_action->>'orderId' = $2
       ORDER BY created_at, id LIMIT 1`,
      [tenantId, orderId],
    );
    return row && toApproval(row);
  }

  async pendingOnConversation(tenantId: string, conversationId: string): Promise<ApprovalRecord | undefined> {
    const [row] = await this.db.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'pending'
       ORDER BY created_at DESC LIMIT 1`,
      [tenantId, conversationId],
    );
    return row && toApproval(row);
  }

  /**
   * Answers a pending approval. Returns false when it was no longer pending, so of two people answering
   * at once exactly one wins.
   */
  async answer(
    tenantId: string,
    id: string,
    answer: {
      status: Exclude<ApprovalStatus, 'pending'>;
      by: string;
      role: string;
      detail: Record<string, unknown>;
    },
    q: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await q.query(
      `UPDATE approvals SET status = $3, answered_by = $4, answered_role = $5, answer = $6, answered_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'pending' RETURNING id`,
      [tenantId, id, answer.status, answer.by, answer.role, JSON.stringify(answer.detail)],
    );
    return rows.length === 1;
  }

  /**
   * The approval's status, its row locked until the transaction ends (so an answer cannot slip in between
   * reading it and acting on it). Undefined when there is no such approval.
   */
  async statusForUpdate(tenantId: string, id: string, q: Queryable): Promise<ApprovalStatus | undefined> {
    const [row] = await q.query<{ status: ApprovalStatus }>(
      'SELECT status FROM approvals WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    return row?.status;
  }

  /**
   * Records why the action an approval allowed could not be performed. Returns false when it was recorded
   * already (a run that went again reports the same failure once).
   */
  async recordActionFailure(
    tenantId: string,
    id: string,
    why: string,
    q: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await q.query(
      `UPDATE approvals SET action_failure = $3
       WHERE tenant_id = $1 AND id = $2 AND action_failure IS NULL RETURNING id`,
      [tenantId, id, why],
    );
    return rows.length === 1;
  }

  /** Moves a pending approval's deadline and lets admins answer it too. */
  async reescalate(tenantId: string, id: string, deadline: string, q: Queryable = this.db): Promise<void> {
    await q.query(
      `UPDATE approvals SET deadline_at = $3, escalation_level = escalation_level + 1,
         allowed_roles = CASE WHEN 'admin' = ANY(allowed_roles) THEN allowed_roles ELSE allowed_roles || '{admin}' END
       WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
      [tenantId, id, deadline],
    );
  }

  /** Pending approvals whose deadline has passed, for re-escalation. */
  async overdue(tenantId: string, now: Date = new Date()): Promise<ApprovalRecord[]> {
    const rows = await this.db.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE tenant_id = $1 AND status = 'pending' AND deadline_at < $2 ORDER BY deadline_at`,
      [tenantId, now.toISOString()],
    );
    return rows.map(toApproval);
  }
}
