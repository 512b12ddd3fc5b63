// What a conversation changed, read back in one place: the actions it performed (refunds, returns, changes,
// tickets) and the approvals it opened. The scenario evaluation judges a conversation by these rows.
import type { Database } from './database.js';
import { iso } from './rows.js';

export interface PerformedAction {
  kind: string;
  requestId: string;
  result: Record<string, unknown>;
  customerId: string | undefined;
  createdAt: string;
}

export interface OpenedApproval {
  id: string;
  kind: 'review' | 'decision';
  status: string;
  reason: string;
  proposedAction: Record<string, unknown> | undefined;
  createdAt: string;
}

export interface ConversationEffects {
  actions: PerformedAction[];
  approvals: OpenedApproval[];
}

export class EffectsRepository {
  constructor(private readonly db: Database) {}

  /** Everything the conversation performed or asked a person about, oldest first; empty when nothing. */
  async ofConversation(tenantId: string, conversationId: string): Promise<ConversationEffects> {
    const actions = await this.db.query<{
      kind: string;
      request_id: string;
      result: Record<string, unknown>;
      customer_id: string | null;
      created_at: Date;
    }>(
      `SELECT kind, request_id, result, customer_id, created_at FROM actions
        WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at, idempotency_key`,
      [tenantId, conversationId],
    );
    const approvals = await this.db.query<{
      id: string;
      kind: 'review' | 'decision';
      status: string;
      reason: string;
      proposed_action: Record<string, unknown> | null;
      created_at: Date;
    }>(
      `SELECT id, kind, status, reason, proposed_action, created_at FROM approvals
        WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at, id`,
      [tenantId, conversationId],
    );
    return {
      actions: actions.map((row) => ({
        kind: row.kind,
        requestId: row.request_id,
        result: row.result,
        customerId: row.customer_id ?? undefined,
        createdAt: iso(row.created_at)!,
      })),
      approvals: approvals.map((row) => ({
        id: row.id,
        kind: row.kind,
        status: row.status,
        reason: row.reason,
        proposedAction: row.proposed_action ?? undefined,
        createdAt: iso(row.created_at)!,
      })),
    };
  }
}
