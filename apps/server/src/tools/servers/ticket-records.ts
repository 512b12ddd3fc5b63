// Reads and updates of Frontdesk's own tickets table (the one the dashboard shows) and their comments.
import { DeskError } from '../../errors.js';
import type { Database, Queryable } from '../../store/index.js';

export const ticketStatuses = ['open', 'pending', 'solved', 'closed'] as const;

export interface TicketView {
  id: string;
  kind: string;
  conversationId: string;
  customerId: string;
  subject: string;
  body: string;
  priority: number;
  status: (typeof ticketStatuses)[number];
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
}

interface TicketRow {
  id: string;
  kind: string;
  conversation_id: string;
  customer_id: string;
  subject: string;
  body: string;
  priority: number;
  status: TicketView['status'];
  assignee: string | null;
  created_at: Date;
  updated_at: Date;
}

const toView = (row: TicketRow): TicketView => ({
  id: row.id,
  kind: row.kind,
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  subject: row.subject,
  body: row.body,
  priority: row.priority,
  status: row.status,
  assignee: row.assignee,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export class TicketRecords {
  constructor(private readonly db: Database) {}

  /** The ticket; throws TICKET_NOT_FOUND when there is none (or it belongs to another customer). */
  async get(
    tenantId: string,
    id: string,
    onlyCustomer?: string,
    q: Queryable = this.db,
  ): Promise<TicketView> {
    const [row] = await q.query<TicketRow>('SELECT * FROM tickets WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    if (!row || (onlyCustomer !== undefined && row.customer_id !== onlyCustomer)) {
      throw new DeskError('TICKET_NOT_FOUND', `No ticket ${id}`, { ticketId: id });
    }
    return toView(row);
  }

  async list(
    tenantId: string,
    filter: { status?: string | undefined; customerId?: string | undefined; limit: number },
  ): Promise<TicketView[]> {
    const rows = await this.db.query<TicketRow>(
      `SELECT * FROM tickets WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR customer_id = $3) ORDER BY created_at DESC, id LIMIT $4`,
      [tenantId, filter.status ?? null, filter.customerId ?? null, filter.limit],
    );
    return rows.map(toView);
  }

  async update(
    tenantId: string,
    id: string,
    change: { status?: string | undefined; priority?: number | undefined; assignee?: string | undefined },
  ): Promise<TicketView> {
    const rows = await this.db.query<TicketRow>(
      `UPDATE tickets SET status = COALESCE($3, status), priority = COALESCE($4, priority),
         assignee = COALESCE($5, assignee), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, change.status ?? null, change.priority ?? null, change.assignee ?? null],
    );
    if (!rows[0]) throw new DeskError('TICKET_NOT_FOUND', `No ticket ${id}`, { ticketId: id });
    return toView(rows[0]);
  }

  /** Adds a comment; the same id twice adds it once. */
  async comment(
    tenantId: string,
    comment: {
      id: string;
      ticketId: string;
      author: string;
      authorRole: string;
      body: string;
      internal: boolean;
    },
  ): Promise<boolean> {
    const rows = await this.db.transaction(async (tx) => {
      const added = await tx.query(
        `INSERT INTO ticket_comments (tenant_id, id, ticket_id, author, author_role, body, internal)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING 1`,
        [
          tenantId,
          comment.id,
          comment.ticketId,
          comment.author,
          comment.authorRole,
          comment.body,
          comment.internal,
        ],
      );
      if (added.length > 0) {
        await tx.query('UPDATE tickets SET updated_at = now() WHERE tenant_id = $1 AND id = $2', [
          tenantId,
          comment.ticketId,
        ]);
      }
      return added;
    });
    return rows.length > 0;
  }

  async comments(tenantId: string, ticketId: string, includeInternal: boolean) {
    const rows = await this.db.query<{
      id: string;
      author: string;
      author_role: string;
      body: string;
      internal: boolean;
      created_at: Date;
    }>(
      `SELECT * FROM ticket_comments WHERE tenant_id = $1 AND ticket_id = $2 AND ($3 OR NOT internal)
       ORDER BY created_at, id`,
      [tenantId, ticketId, includeInternal],
    );
    return rows.map((row) => ({
      id: row.id,
      author: row.author,
      authorRole: row.author_role,
      body: row.body,
      internal: row.internal,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }
}
