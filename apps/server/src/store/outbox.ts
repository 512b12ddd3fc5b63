// The transactional outbox: events are appended in the transaction of the change they describe and
// relayed afterwards, at least once, in order of `seq`.
import type { EventEnvelope } from '@frontdesk/contracts';
import { traceCarrier, type TraceCarrier } from '../observability/tracing.js';
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface OutboxEntry {
  seq: number;
  event: EventEnvelope;
  /** The trace of the transaction that wrote the event (absent when nothing was traced). */
  trace?: TraceCarrier;
}

interface OutboxRow {
  seq: string;
  id: string;
  topic: EventEnvelope['topic'];
  type: string;
  tenant_id: string;
  request_id: string;
  customer_id: string | null;
  data: Record<string, unknown>;
  version: number;
  occurred_at: Date;
  trace: TraceCarrier | null;
}

/** The conversation an event's request belongs to, when its writer knows it (see `insertOf`). */
export interface EventConversation {
  conversationId?: string;
}

/** The advisory-lock class of "events of one conversation are being written" (two-key form: its own space). */
const CONVERSATION_EVENTS_LOCK = 7001;

export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * Appends an event, with the active trace context, which the relay publishes it under. In a transaction it
   * is written just before the commit (see `beforeCommit`), under a lock on the event's conversation held until
   * the commit: events of one conversation then commit in the order of their `seq`, which is what a stream
   * resuming after the last `seq` it saw relies on. Without the lock two writers (parallel tool calls, an API
   * process and a worker) could commit seq 434 before 433, and a stream reading in between would pass 433 by
   * for ever.
   */
  async append(event: EventEnvelope, q: Queryable = this.db, about: EventConversation = {}): Promise<void> {
    // Taken now: by the time the deferred insert runs, the caller's span may have ended.
    const { sql, params } = this.insertOf(event, about);
    const insert = async () => {
      await q.query(sql, params);
    };
    if (q.beforeCommit) q.beforeCommit(insert);
    else await insert();
  }

  /**
   * The statement that appends the event (taking its conversation's lock, as `append` describes), with the
   * active trace context, writing it only where `when` holds: an SQL condition, for a statement that puts the
   * event beside the change it describes (see run-settlement.ts).
   */
  insertOf(
    event: EventEnvelope,
    { when = 'true', conversationId }: EventConversation & { when?: string } = {},
  ): { sql: string; params: unknown[] } {
    const trace = traceCarrier();
    // The lock's key names the conversation the event's request belongs to (streams follow a conversation
    // through its requests). A caller that knows it saves the statement a look-up of the request row, once
    // per event; the key is the same either way.
    const lock =
      conversationId === undefined
        ? `SELECT count(*) FROM (
             SELECT pg_advisory_xact_lock(${CONVERSATION_EVENTS_LOCK}, hashtext(r.tenant_id || '/' || r.conversation_id))
             FROM requests r WHERE r.tenant_id = $4::text AND r.id = $5::text) AS turn`
        : `SELECT pg_advisory_xact_lock(${CONVERSATION_EVENTS_LOCK}, hashtext($4::text || '/' || $11::text))`;
    return {
      sql: `INSERT INTO outbox (id, topic, type, tenant_id, request_id, customer_id, data, version, occurred_at, trace)
         SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::int, $9::timestamptz,
           $10::jsonb
         FROM (${lock}) AS locked
         WHERE ${when}
         ON CONFLICT (id) DO NOTHING`,
      params: [
        event.id,
        event.topic,
        event.type,
        event.tenantId,
        event.requestId,
        event.customerId ?? null,
        JSON.stringify(event.data),
        event.version,
        event.occurredAt,
        trace ? JSON.stringify(trace) : null,
        ...(conversationId === undefined ? [] : [conversationId]),
      ],
    };
  }

  /** Events not yet relayed, oldest first. */
  async pending(limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.db.query<OutboxRow>(
      'SELECT * FROM outbox WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1',
      [limit],
    );
    return rows.map(toEntry);
  }

  async markDispatched(seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.query('UPDATE outbox SET dispatched_at = now() WHERE seq = ANY($1::bigint[])', [seqs]);
  }

  /** A topic's events from a seq (inclusive) or a time on, oldest first, at most `limit` (replay on the embedded bus). */
  async range(
    topic: EventEnvelope['topic'],
    from: { seq: number } | { since: Date },
    options: { tenantId?: string | undefined; limit: number },
  ): Promise<Array<OutboxEntry & { storedAt: string }>> {
    const start = 'seq' in from ? 'seq >= $2' : 'occurred_at >= $2';
    const rows = await this.db.query<OutboxRow>(
      `SELECT * FROM outbox WHERE topic = $1 AND ${start} AND ($3::text IS NULL OR tenant_id = $3)
       ORDER BY seq LIMIT $4`,
      [topic, 'seq' in from ? from.seq : from.since.toISOString(), options.tenantId ?? null, options.limit],
    );
    return rows.map((row) => ({ ...toEntry(row), storedAt: iso(row.occurred_at)! }));
  }

  /** Every event of a request, in order (for audits, replays and tests). */
  async forRequest(tenantId: string, requestId: string): Promise<EventEnvelope[]> {
    const rows = await this.db.query<OutboxRow>(
      'SELECT * FROM outbox WHERE tenant_id = $1 AND request_id = $2 ORDER BY seq',
      [tenantId, requestId],
    );
    return rows.map((row) => toEntry(row).event);
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    seq: Number(row.seq),
    event: {
      id: row.id,
      topic: row.topic,
      type: row.type,
      tenantId: row.tenant_id,
      requestId: row.request_id,
      ...(row.customer_id ? { customerId: row.customer_id } : {}),
      data: row.data,
      version: row.version,
      occurredAt: iso(row.occurred_at)!,
    },
    ...(row.trace ? { trace: row.trace } : {}),
  };
}
