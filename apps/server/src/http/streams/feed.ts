// Reads a conversation's durable events from the outbox, in order of `seq` (the stream's event id), so a
// client that reconnects with the last id it saw gets exactly what it missed.
import type { api } from '@frontdesk/contracts';
import type { Database } from '../../store/index.js';

export type StreamEvent = api.StreamEvent;

interface FeedRow {
  seq: string;
  type: string;
  topic: string;
  request_id: string;
  conversation_id: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/** Events written for two topics (the team's queue and the outbound channels); streams show them once. */
const TWO_TOPIC_EVENTS = new Set(['approval.overdue', 'approval.action_failed']);

/** Whether a stored event is streamed: an event written for two topics is streamed once. */
export const streamedOnce = (row: { type: string; topic: string }) =>
  !(TWO_TOPIC_EVENTS.has(row.type) && row.topic !== 'human.approvals');

const toEvent = (row: FeedRow): StreamEvent & { seq: number } => ({
  seq: Number(row.seq),
  id: row.seq,
  type: row.type,
  threadId: row.conversation_id,
  requestId: row.request_id,
  occurredAt: row.occurred_at.toISOString(),
  data: row.data,
});

export class ConversationFeed {
  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
  ) {}

  /** Events of the thread after `afterSeq`, oldest first, at most `limit`. */
  async after(
    threadId: string,
    afterSeq: number,
    limit = 500,
  ): Promise<Array<StreamEvent & { seq: number }>> {
    const rows = await this.db.query<FeedRow>(
      `SELECT o.seq, o.type, o.topic, o.request_id, r.conversation_id, o.data, o.occurred_at
       FROM requests r JOIN outbox o ON o.tenant_id = r.tenant_id AND o.request_id = r.id
       WHERE r.tenant_id = $1 AND r.conversation_id = $2 AND o.seq > $3
       ORDER BY o.seq LIMIT $4`,
      [this.tenantId, threadId, afterSeq, limit],
    );
    return rows.filter(streamedOnce).map(toEvent);
  }

  /** The threads that have events after `afterSeq` (any process wrote them), and the newest seq seen. */
  async threadsChangedAfter(afterSeq: number): Promise<{ threads: string[]; newest: number }> {
    const rows = await this.db.query<{ conversation_id: string; newest: string }>(
      `SELECT r.conversation_id, max(o.seq) AS newest
       FROM outbox o JOIN requests r ON r.tenant_id = o.tenant_id AND r.id = o.request_id
       WHERE o.tenant_id = $1 AND o.seq > $2 GROUP BY r.conversation_id`,
      [this.tenantId, afterSeq],
    );
    return {
      threads: rows.map((row) => row.conversation_id),
      newest: rows.reduce((max, row) => Math.max(max, Number(row.newest)), afterSeq),
    };
  }

  async newestSeq(): Promise<number> {
    const [row] = await this.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM outbox', []);
    return Number(row?.seq ?? 0);
  }
}
