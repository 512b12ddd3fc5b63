// An agent's reply, written in one statement under its conversation's lock: the message and the event that
// sends it, only while no person holds the conversation (one round trip instead of a five-statement
// transaction: BEGIN, lock, read the hold, write, COMMIT).
//
// Why one statement is enough: the statement locks the conversation's row before it writes, and reads the
// holder from that row (`held_by`), not from conversation_assignments. A claim changes the row in the
// transaction that takes the hold, so if the reply waited for the claim's lock, PostgreSQL hands it the row
// as the claim committed it and the reply sees the holder. (The claim's assignment row it would not see: the
// statement's snapshot predates the wait.)
import type { EventEnvelope } from '@frontdesk/contracts';
import type { Queryable } from './database.js';
import type { OutboxRepository } from './outbox.js';
import { renumbered } from './write-together.js';

export interface AgentReply {
  tenantId: string;
  conversationId: string;
  requestId: string;
  /** The message's id: a reply written again (a retried step) is not written twice. */
  messageId: string;
  text: string;
  /** The event that sends it, written with the message and only with it. */
  event: EventEnvelope;
}

/** What became of the reply: written, refused because a person holds the conversation, or no conversation. */
export type AgentReplyOutcome = { written: true } | { written: false; heldBy: string } | { written: false };

export async function writeAgentReply(
  db: Queryable,
  outbox: OutboxRepository,
  reply: AgentReply,
): Promise<AgentReplyOutcome> {
  const params: unknown[] = [
    reply.tenantId,
    reply.conversationId,
    reply.messageId,
    reply.requestId,
    reply.text,
  ];
  const announce = outbox.insertOf(reply.event, {
    when: 'EXISTS (SELECT 1 FROM turn WHERE turn.held_by IS NULL)',
    conversationId: reply.conversationId,
  });
  const [row] = await db.query<{ held_by: string | null }>(
    `WITH turn AS (
       SELECT c.held_by FROM conversations c WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE),
     said AS (
       INSERT INTO messages (tenant_id, id, conversation_id, request_id, role, text)
       SELECT $1, $3, $2, $4, 'agent', $5 FROM turn WHERE turn.held_by IS NULL
       ON CONFLICT (tenant_id, id) DO NOTHING),
     announced AS (${renumbered(announce.sql, params.length)})
     SELECT held_by FROM turn`,
    [...params, ...announce.params],
  );
  if (!row) return { written: false };
  return row.held_by === null ? { written: true } : { written: false, heldBy: row.held_by };
}
