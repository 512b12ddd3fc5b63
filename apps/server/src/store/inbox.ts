// The team inbox's read: one row per conversation with what a person triages by — the customer's name,
// the first and last message, who holds it, the priority triage gave it, its intent and channel, the
// approval it waits on, and since when the customer has waited for an answer. Filters that are plain columns
// are applied here; derived ones (language, SLA) by the caller.
import type { Database } from './database.js';
import { iso } from './rows.js';

export type InboxView = 'mine' | 'unassigned' | 'all' | 'approvals';

export interface InboxQuery {
  view: InboxView;
  /** The person asking (for `mine`). */
  me: string;
  status?: string | undefined;
  intent?: string | undefined;
  channel?: 'web' | 'email' | undefined;
  /** Matches the customer's name or email, or the text of any message. */
  search?: string | undefined;
  limit: number;
}

export interface InboxRow {
  threadId: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  status: string;
  subject: string;
  preview: string;
  lastRole: string | undefined;
  holder: string | undefined;
  priority: number | undefined;
  intent: string | undefined;
  channel: 'web' | 'email';
  lastCustomerText: string;
  approval:
    { id: string; reason: string; amountMinor: number | undefined; currency: string | undefined } | undefined;
  /** The oldest customer message not answered since, or undefined when nothing waits for an answer. */
  waitingSince: string | undefined;
  updatedAt: string;
}

/** Conversation statuses that need a person: the agents handed them off or wait on an answer. */
export const NEEDS_A_PERSON = ['escalated', 'awaiting_approval', 'with_person'];

interface Row {
  id: string;
  customer_id: string;
  name: string;
  email: string;
  status: string;
  subject: string | null;
  preview: string | null;
  last_role: string | null;
  last_customer_text: string | null;
  holder: string | null;
  priority: number | null;
  intent: string | null;
  by_email: boolean;
  approval: { id: string; reason: string; action: Record<string, unknown> | null } | null;
  waiting_since: Date | null;
  updated_at: Date;
}

const amountOf = (action: Record<string, unknown> | null) => {
  // Refunds propose `amountMinor` + `currency`; a confirmed change may carry the same parameters.
  const minor = action?.['amountMinor'];
  const currency = action?.['currency'];
  return {
    amountMinor: typeof minor === 'number' ? minor : undefined,
    currency: typeof currency === 'string' ? currency : undefined,
  };
};

export class InboxReadings {
  constructor(private readonly db: Database) {}

  async list(tenantId: string, query: InboxQuery): Promise<InboxRow[]> {
    const where: string[] = ['c.tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.view === 'mine') where.push(`a.holder = ${param(query.me)}`);
    if (query.view === 'unassigned')
      where.push(`a.holder IS NULL AND c.status = ANY(${param(NEEDS_A_PERSON)})`);
    if (query.view === 'approvals') where.push('ap.id IS NOT NULL');
    if (query.status) where.push(`c.status = ${param(query.status)}`);
    if (query.channel === 'email') where.push('em.by_email');
    if (query.channel === 'web') where.push('NOT em.by_email');
    if (query.search) {
      const like = param(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(cu.name ILIKE ${like} OR cu.email ILIKE ${like} OR EXISTS (SELECT 1 FROM messages s
        WHERE s.tenant_id = c.tenant_id AND s.conversation_id = c.id AND s.text ILIKE ${like}))`);
    }
    const intent = query.intent ? `WHERE intent = ${param(query.intent)}` : '';
    const rows = await this.db.query<Row>(
      `SELECT * FROM (
         SELECT c.id, c.customer_id, cu.name, cu.email, c.status, c.updated_at, a.holder, em.by_email,
           (SELECT m.text FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
              AND m.role = 'customer' ORDER BY m.created_at, m.id LIMIT 1) AS subject,
           last.text AS preview, last.role AS last_role,
           (SELECT m.text FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
              AND m.role = 'customer' ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_customer_text,
           (SELECT (o.data->>'priority')::int FROM requests r JOIN outbox o
              ON o.tenant_id = r.tenant_id AND o.request_id = r.id AND o.type = 'request.settled'
              WHERE r.tenant_id = c.tenant_id AND r.conversation_id = c.id AND o.data ? 'priority'
              ORDER BY o.seq DESC LIMIT 1) AS priority,
           (SELECT d.outcome FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.conversation_id = c.id
              AND d.agent = 'triage' AND d.kind = 'step' ORDER BY d.created_at DESC LIMIT 1) AS intent,
           CASE WHEN ap.id IS NULL THEN NULL
             ELSE json_build_object('id', ap.id, 'reason', ap.reason, 'action', ap.proposed_action) END AS approval,
           (SELECT min(w.created_at) FROM messages w WHERE w.tenant_id = c.tenant_id AND w.conversation_id = c.id
              AND w.role = 'customer' AND NOT EXISTS (SELECT 1 FROM messages ans WHERE ans.tenant_id = w.tenant_id
                AND ans.conversation_id = w.conversation_id AND ans.role <> 'customer'
                AND ans.created_at > w.created_at)) AS waiting_since
         FROM conversations c
         JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
         LEFT JOIN conversation_assignments a ON a.tenant_id = c.tenant_id AND a.conversation_id = c.id
         LEFT JOIN LATERAL (SELECT m.text, m.role FROM messages m WHERE m.tenant_id = c.tenant_id
           AND m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) last ON true
         LEFT JOIN LATERAL (SELECT p.id, p.reason, p.proposed_action FROM approvals p
           WHERE p.tenant_id = c.tenant_id AND p.conversation_id = c.id AND p.status = 'pending'
           ORDER BY p.created_at DESC LIMIT 1) ap ON true
         CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM channel_emails e WHERE e.tenant_id = c.tenant_id
           AND e.conversation_id = c.id) AS by_email) em
         WHERE ${where.join(' AND ')}
       ) inbox ${intent}
       ORDER BY waiting_since ASC NULLS LAST, updated_at DESC, id
       LIMIT ${param(query.limit)}`,
      params,
    );
    return rows.map((row) => ({
      threadId: row.id,
      customerId: row.customer_id,
      customerName: row.name,
      customerEmail: row.email,
      status: row.status,
      subject: row.subject ?? '',
      preview: row.preview ?? '',
      lastRole: row.last_role ?? undefined,
      holder: row.holder ?? undefined,
      priority: row.priority ?? undefined,
      intent: row.intent ?? undefined,
      channel: row.by_email ? 'email' : 'web',
      lastCustomerText: row.last_customer_text ?? '',
      approval: row.approval
        ? { id: row.approval.id, reason: row.approval.reason, ...amountOf(row.approval.action) }
        : undefined,
      waitingSince: iso(row.waiting_since),
      updatedAt: iso(row.updated_at)!,
    }));
  }
}
