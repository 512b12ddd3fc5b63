// A customer's message on a conversation that already exists, written in one statement: the message, its
// `request.accepted` event and the queued request (one round trip instead of a five-statement transaction:
// BEGIN, message, request, event, COMMIT).
//
// Locks, and why in this order: the statement first share-locks the conversation's row (FOR KEY SHARE, which
// the message's and the request's references to it take anyway, but only when the statement ends), then the
// event's lock on the conversation's events (see OutboxRepository.append). The agents' reply and a person's
// claim take the row first and the event lock second too; taken the other way round, a message arriving while
// the agents' reply is being written would wait for the row while holding the event lock the reply waits for.
// The row is locked when the final INSERT reads `thread`, which PostgreSQL runs before the data-modifying CTEs
// (and so before the event's lock).
import type { EventEnvelope } from '@frontdesk/contracts';
import type { Queryable } from './database.js';
import type { OutboxRepository } from './outbox.js';
import type { RequestRecord, RequestRepository } from './requests.js';
import { renumbered } from './write-together.js';

export interface CustomerMessage {
  tenantId: string;
  conversationId: string;
  customerId: string;
  /** The request's id, which is also the message's. */
  requestId: string;
  text: string;
  /** The `request.accepted` event, written with the message and only with it. */
  event: EventEnvelope;
}

/** The request as stored; undefined when the conversation is gone (erased since it was read). */
export async function writeCustomerMessage(
  db: Queryable,
  stores: { outbox: OutboxRepository; requests: Pick<RequestRepository, 'created'> },
  message: CustomerMessage,
): Promise<RequestRecord | undefined> {
  const params: unknown[] = [
    message.tenantId,
    message.conversationId,
    message.requestId,
    message.text,
    message.customerId,
  ];
  const announce = stores.outbox.insertOf(message.event, {
    when: 'EXISTS (SELECT 1 FROM thread)',
    conversationId: message.conversationId,
  });
  const rows = await db.query(
    `WITH thread AS (
       SELECT 1 FROM conversations c WHERE c.tenant_id = $1 AND c.id = $2 FOR KEY SHARE),
     said AS (
       INSERT INTO messages (tenant_id, id, conversation_id, request_id, role, text)
       SELECT $1, $3, $2, $3, 'customer', $4 FROM thread
       ON CONFLICT (tenant_id, id) DO NOTHING),
     announced AS (${renumbered(announce.sql, params.length)})
     INSERT INTO requests (tenant_id, id, conversation_id, customer_id, text, run_status)
     SELECT $1, $3, $2, $5, $4, 'queued' FROM thread
     RETURNING *`,
    [...params, ...announce.params],
  );
  return stores.requests.created(rows);
}
