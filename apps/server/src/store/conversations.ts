// Conversations (one per graph thread) and their messages, including full-text search over a customer's
// past conversations for research.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from './database.js';
import { anyWordQuery } from './articles.js';
import { iso } from './rows.js';

export type MessageRole = 'customer' | 'agent' | 'human';

export interface ConversationRecord {
  id: string;
  customerId: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  requestId: string | undefined;
  role: MessageRole;
  text: string;
  createdAt: string;
}

interface ConversationRow {
  id: string;
  customer_id: string;
  status: string;
  created_at: Date;
  updated_at: Date;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  request_id: string | null;
  role: MessageRole;
  text: string;
  created_at: Date;
}

const toConversation = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  createdAt: iso(row.created_at)!,
  updatedAt: iso(row.updated_at)!,
});

const toMessage = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  requestId: row.request_id ?? undefined,
  role: row.role,
  text: row.text,
  createdAt: iso(row.created_at)!,
});

export class ConversationRepository {
  constructor(private readonly db: Database) {}

  async get(tenantId: string, id: string, q: Queryable = this.db): Promise<ConversationRecord | undefined> {
    const [row] = await q.query<ConversationRow>(
      'SELECT * FROM conversations WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row && toConversation(row);
  }

  async create(tenantId: string, id: string, customerId: string, q: Queryable = this.db): Promise<void> {
    await q.query('INSERT INTO conversations (tenant_id, id, customer_id) VALUES ($1, $2, $3)', [
      tenantId,
      id,
      customerId,
    ]);
  }

  async setStatus(tenantId: string, id: string, status: string, q: Queryable = this.db): Promise<void> {
    await q.query(
      'UPDATE conversations SET status = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2',
      [tenantId, id, status],
    );
  }

  async listByCustomer(tenantId: string, customerId: string): Promise<ConversationRecord[]> {
    const rows = await this.db.query<ConversationRow>(
      'SELECT * FROM conversations WHERE tenant_id = $1 AND customer_id = $2 ORDER BY updated_at DESC',
      [tenantId, customerId],
    );
    return rows.map(toConversation);
  }

  async addMessage(
    tenantId: string,
    message: {
      conversationId: string;
      requestId?: string;
      role: MessageRole;
      text: string;
      id?: string;
      /** A person's message names them (their handle); the agents' messages have no author. */
      author?: string;
    },
    q: Queryable = this.db,
  ): Promise<string> {
    const id = message.id ?? randomUUID();
    // Replays and retries may deliver the same message twice; its id makes the insert idempotent.
    await q.query(
      `INSERT INTO messages (tenant_id, id, conversation_id, request_id, role, text, author)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, id) DO NOTHING`,
      [
        tenantId,
        id,
        message.conversationId,
        message.requestId ?? null,
        message.role,
        message.text,
        message.author ?? null,
      ],
    );
    return id;
  }

  async messages(tenantId: string, conversationId: string): Promise<MessageRecord[]> {
    const rows = await this.db.query<MessageRow>(
      'SELECT * FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at, id',
      [tenantId, conversationId],
    );
    return rows.map(toMessage);
  }

  /**
   * The customer's own earlier messages that share words with `text`, from other conversations only.
   * Always filtered by customer: one customer's history never reaches another's request.
   */
  async searchPast(
    tenantId: string,
    text: string,
    customerId: string,
    excludeConversationId: string,
    limit = 3,
  ): Promise<Array<MessageRecord & { rank: number }>> {
    const rows = await this.db.query<MessageRow & { rank: number }>(
      `SELECT m.*, ts_rank(m.search, q.query) AS rank
       FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id,
            ${anyWordQuery} AS q(query)
       WHERE m.tenant_id = $1 AND c.customer_id = $3 AND m.conversation_id <> $4 AND m.search @@ q.query
       ORDER BY rank DESC, m.created_at DESC
       LIMIT $5`,
      [tenantId, text, customerId, excludeConversationId, limit],
    );
    return rows.map((row) => ({ ...toMessage(row), rank: Number(row.rank) }));
  }
}
