// Replay for deployments without a broker: the outbox table is the durable log there, its seq the sequence.
import type { EventTopic } from '@frontdesk/contracts';
import type { OutboxRepository } from '../store/index.js';
import type { ReplayFrom, ReplayHandler } from './bus.js';

export type ReplayEvents = (
  topic: EventTopic,
  from: ReplayFrom,
  handler: ReplayHandler,
  options?: { tenantId?: string },
) => Promise<number>;

/** Hands a topic's outbox events from a sequence or a time on, in order, page by page. */
export function replayFromOutbox(outbox: OutboxRepository): ReplayEvents {
  return async (topic, from, handler, options = {}) => {
    let start: { seq: number } | { since: Date } = 'sequence' in from ? { seq: from.sequence } : from;
    let handed = 0;
    for (;;) {
      const page = await outbox.range(topic, start, { tenantId: options.tenantId, limit: 500 });
      for (const entry of page) {
        await handler(entry.event, { sequence: entry.seq, storedAt: entry.storedAt });
        handed += 1;
      }
      if (page.length < 500) return handed;
      start = { seq: page.at(-1)!.seq + 1 };
    }
  };
}
