// Support tickets: where a conversation goes when it leaves the desk for another team.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface TicketRecord {
  id: string;
  conversationId: string;
  customerId: string;
  subject: string;
  body: string;
  priority: number;
  status: 'open' | 'pending' | 'solved' | 'closed';
  createdAt: string;
}

export class TicketRepository {
  constructor(private readonly db: Database) {}

  async create(tenantId: string, ticket: Omit<TicketRecord, 'status' | 'createdAt'>, q: Queryable = this.db) {
    await q.query(
      `INSERT INTO tickets (tenant_id, id, conversation_id, customer_id, subject, body, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        ticket.id,
        ticket.conversationId,
        ticket.customerId,
        ticket.subject,
        ticket.body,
        ticket.priority,
      ],
    );
  }

  async byConversation(tenantId: string, conversationId: string): Promise<TicketRecord[]> {
    const rows = await this.db.query<{
      id: string;
      conversation_id: string;
      customer_id: string;
      subject: string;
      body: string;
      priority: number;
      status: TicketRecord['status'];
      created_at: Date;
    }>('SELECT * FROM tickets WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at', [
      tenantId,
      conversationId,
    ]);
    return rows.map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      customerId: row.customer_id,
      subject: row.subject,
      body: row.body,
      priority: row.priority,
      status: row.status,
      createdAt: iso(row.created_at)!,
    }));
  }
}
