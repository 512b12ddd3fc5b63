// Reads one conversation with its messages, requests and pending approval in a single statement: on the
// embedded database every round trip counts, and this is the API's most frequent read.
import type { api } from '@frontdesk/contracts';
import type { Database } from '../../store/index.js';
import { fromSupport } from '../../workspace/index.js';

interface Row {
  id: string;
  customer_id: string;
  customer_name: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
  messages: Array<{
    id: string;
    role: string;
    text: string;
    requestId: string | null;
    createdAt: string;
    author: string | null;
  }>;
  requests: Array<{ id: string; runStatus: string; outcome: string | null; createdAt: string }>;
  pending: { id: string; kind: string; reason: string } | null;
}

const iso = (value: string) => new Date(value).toISOString();

/** The conversation, or undefined when the tenant has none with that id. */
export async function readConversation(
  db: Database,
  tenantId: string,
  threadId: string,
): Promise<api.Conversation | undefined> {
  const [row] = await db.query<Row>(
    `SELECT c.id, c.customer_id, c.status, c.created_at, c.updated_at,
       (SELECT cu.name FROM customers cu WHERE cu.tenant_id = c.tenant_id AND cu.id = c.customer_id) AS customer_name,
       (SELECT coalesce(json_agg(json_build_object('id', m.id, 'role', m.role, 'text', m.text,
                 'requestId', m.request_id, 'createdAt', m.created_at, 'author', m.author) ORDER BY m.created_at, m.id), '[]')
        FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id) AS messages,
       (SELECT coalesce(json_agg(json_build_object('id', r.id, 'runStatus', r.run_status, 'outcome', r.outcome,
                 'createdAt', r.created_at) ORDER BY r.created_at, r.id), '[]')
        FROM requests r WHERE r.tenant_id = c.tenant_id AND r.conversation_id = c.id) AS requests,
       (SELECT json_build_object('id', a.id, 'kind', a.kind, 'reason', a.reason)
        FROM approvals a WHERE a.tenant_id = c.tenant_id AND a.conversation_id = c.id AND a.status = 'pending'
        ORDER BY a.created_at DESC LIMIT 1) AS pending
     FROM conversations c WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, threadId],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    customerId: row.customer_id,
    ...(row.customer_name ? { customerName: row.customer_name } : {}),
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    messages: row.messages.map((m) => ({
      id: m.id,
      role: m.role as 'customer' | 'agent' | 'human',
      text: m.text,
      ...(m.requestId ? { requestId: m.requestId } : {}),
      createdAt: iso(m.createdAt),
      ...(m.author ? { from: fromSupport(m.author) } : {}),
    })),
    requests: row.requests.map((r) => ({
      id: r.id,
      runStatus: r.runStatus,
      ...(r.outcome ? { outcome: r.outcome } : {}),
      createdAt: iso(r.createdAt),
    })),
    ...(row.pending ? { pendingApproval: row.pending } : {}),
  };
}
