// Conversations as a support person or a customer scans a list of them: who, about what (the first thing
// the customer wrote), where the conversation stands, the channel it came in by, and its latest message.
import type { Database } from './database.js';
import { iso } from './rows.js';

/** How a conversation reached the desk: email when an email opened or continued it, the web otherwise. */
export type ConversationChannel = 'email' | 'web';

export interface ConversationSummary {
  id: string;
  customerId: string;
  customerName: string;
  status: string;
  channel: ConversationChannel;
  /** The customer's first message, cut to a line's length; empty before the first message is stored. */
  subject: string;
  /** The latest message, cut the same way, and who wrote it. */
  preview: string;
  previewRole: string | null;
  createdAt: string;
  updatedAt: string;
}

interface SummaryRow {
  id: string;
  customer_id: string;
  customer_name: string | null;
  status: string;
  by_email: boolean;
  subject: string | null;
  preview: string | null;
  preview_role: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Enough of a message to recognise it in a list row; the row's own styling cuts it further. */
const LINE_CHARS = 160;

const line = (text: string | null): string => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= LINE_CHARS) return flat;
  const cut = flat.slice(0, LINE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > LINE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

/** Newest first; one customer's only when `customerId` is given. An empty array when there are none. */
export async function conversationSummaries(
  db: Database,
  tenantId: string,
  options: { customerId?: string | undefined; limit: number },
): Promise<ConversationSummary[]> {
  const rows = await db.query<SummaryRow>(
    `SELECT c.id, c.customer_id, cu.name AS customer_name, c.status, c.created_at, c.updated_at,
       first.text AS subject, last.text AS preview, last.role AS preview_role,
       EXISTS (SELECT 1 FROM channel_emails e
               WHERE e.tenant_id = c.tenant_id AND e.conversation_id = c.id) AS by_email
     FROM conversations c
     LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
     LEFT JOIN LATERAL (SELECT m.text FROM messages m
                        WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id AND m.role = 'customer'
                        ORDER BY m.created_at, m.id LIMIT 1) first ON true
     LEFT JOIN LATERAL (SELECT m.text, m.role FROM messages m
                        WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                        ORDER BY m.created_at DESC, m.id DESC LIMIT 1) last ON true
     WHERE c.tenant_id = $1 AND ($2::text IS NULL OR c.customer_id = $2)
     ORDER BY c.updated_at DESC, c.id
     LIMIT $3`,
    [tenantId, options.customerId ?? null, options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name ?? row.customer_id,
    status: row.status,
    channel: row.by_email ? 'email' : 'web',
    subject: line(row.subject),
    preview: line(row.preview),
    previewRole: row.preview_role,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  }));
}
