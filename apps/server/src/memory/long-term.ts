// Long-term customer memory: every finished conversation summarised through the reasoning port and stored
// with its embedding, tagged with customer, outcome and topics. Every read is filtered by customer: no
// customer's memory can reach another's request.
import type { Embedder } from '../knowledge/embedder.js';
import { cosine } from '../knowledge/embedder.js';
import type { ReasoningEngine } from '../reasoning/port.js';
import type { Database, Stores } from '../store/index.js';

export interface CustomerMemory {
  id: string;
  customerId: string;
  conversationId: string;
  outcome: string;
  topics: string[];
  summary: string;
  resolution: string | undefined;
  createdAt: string;
  /** Similarity to the question it was recalled for (0 when recalled by recency). */
  relevance: number;
}

interface MemoryRow {
  id: string;
  customer_id: string;
  conversation_id: string;
  outcome: string;
  topics: string[];
  summary: string;
  resolution: string | null;
  embedding: number[];
  embedder: string;
  updated_at: Date | string;
}

const toMemory = (row: MemoryRow, relevance = 0): CustomerMemory => ({
  id: row.id,
  customerId: row.customer_id,
  conversationId: row.conversation_id,
  outcome: row.outcome,
  topics: row.topics,
  summary: row.summary,
  resolution: row.resolution ?? undefined,
  createdAt: new Date(row.updated_at).toISOString(),
  relevance,
});

/** How many of a customer's memories are scored per question: a customer's history is small. */
const RECALL_WINDOW = 500;

export interface FinishedConversation {
  tenantId: string;
  conversationId: string;
  requestId: string;
  outcome: string;
}

export class LongTermMemory {
  constructor(
    private readonly deps: {
      db: Database;
      stores: Pick<Stores, 'conversations' | 'customers'>;
      reasoning: ReasoningEngine;
      embedder: Embedder;
    },
  ) {}

  /**
   * Summarises the conversation as it stands and stores (or replaces) its memory. Idempotent: the same
   * conversation always maps to one memory. Returns undefined when the conversation no longer exists.
   */
  async remember(finished: FinishedConversation): Promise<CustomerMemory | undefined> {
    const { db, stores, reasoning, embedder } = this.deps;
    const { tenantId, conversationId } = finished;
    const conversation = await stores.conversations.get(tenantId, conversationId);
    if (!conversation) return undefined;
    const customer = await stores.customers.get(tenantId, conversation.customerId);
    const messages = await stores.conversations.messages(tenantId, conversationId);
    const summary = await reasoning.summarise({
      customer: { id: conversation.customerId, name: customer?.name ?? conversation.customerId },
      messages: messages.map((message) => ({ role: message.role, text: message.text })),
      outcome: finished.outcome,
    });
    const [vector] = await embedder.embed([`${summary.summary}\n${summary.topics.join(' ')}`]);
    const [row] = await db.query<MemoryRow>(
      `INSERT INTO customer_memories (tenant_id, id, customer_id, conversation_id, request_id, outcome, topics,
         summary, resolution, embedder, embedding)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET request_id = EXCLUDED.request_id,
         outcome = EXCLUDED.outcome, topics = EXCLUDED.topics, summary = EXCLUDED.summary,
         resolution = EXCLUDED.resolution, embedder = EXCLUDED.embedder, embedding = EXCLUDED.embedding,
         updated_at = now()
       RETURNING *`,
      [
        tenantId,
        `mem_${conversationId}`,
        conversation.customerId,
        conversationId,
        finished.requestId,
        finished.outcome,
        summary.topics,
        summary.summary,
        summary.resolution ?? null,
        embedder.name,
        Array.from(vector!),
      ],
    );
    return row && toMemory(row);
  }

  /** The customer's memories most similar to `query`, best first; never another customer's. */
  async recall(
    tenantId: string,
    customerId: string,
    query: string,
    options: { limit?: number; excludeConversationId?: string } = {},
  ): Promise<CustomerMemory[]> {
    const rows = await this.rows(tenantId, customerId, RECALL_WINDOW, options.excludeConversationId);
    if (rows.length === 0) return [];
    const { embedder } = this.deps;
    const [queryVector] = await embedder.embed([query]);
    return (
      rows
        // Memories embedded by another embedder are not comparable: they rank by recency after the rest.
        .map((row) => toMemory(row, row.embedder === embedder.name ? cosine(queryVector!, row.embedding) : 0))
        .sort((a, b) => b.relevance - a.relevance || b.createdAt.localeCompare(a.createdAt))
        .slice(0, options.limit ?? 5)
    );
  }

  /** The customer's newest memories first. */
  async recent(
    tenantId: string,
    customerId: string,
    options: { limit?: number; excludeConversationId?: string } = {},
  ): Promise<CustomerMemory[]> {
    return (await this.rows(tenantId, customerId, options.limit ?? 5, options.excludeConversationId)).map(
      (row) => toMemory(row),
    );
  }

  /** Deletes every memory of the customer; returns how many. */
  async forgetCustomer(tenantId: string, customerId: string, q: Pick<Database, 'query'> = this.deps.db) {
    const rows = await q.query(
      'DELETE FROM customer_memories WHERE tenant_id = $1 AND customer_id = $2 RETURNING id',
      [tenantId, customerId],
    );
    return rows.length;
  }

  private rows(tenantId: string, customerId: string, limit: number, excludeConversationId?: string) {
    return this.deps.db.query<MemoryRow>(
      `SELECT * FROM customer_memories
       WHERE tenant_id = $1 AND customer_id = $2 AND conversation_id IS DISTINCT FROM $3
       ORDER BY updated_at DESC LIMIT $4`,
      [tenantId, customerId, excludeConversationId ?? null, limit],
    );
  }
}
