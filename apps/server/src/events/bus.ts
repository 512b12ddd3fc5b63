// The event-bus port and its in-process adapter. Delivery is at least once: handlers must be idempotent by
// event id (the outbox relay may publish an event again after a crash).
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';

export type EventHandler = (event: EventEnvelope) => Promise<void> | void;

export interface EventBus {
  publish(event: EventEnvelope): Promise<void>;
  /** Subscribes to one topic, or to all with '*'. Returns the function that unsubscribes. */
  subscribe(topic: EventTopic | '*', handler: EventHandler): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<EventHandler>>();

  async publish(event: EventEnvelope): Promise<void> {
    for (const key of [event.topic, '*']) {
      for (const handler of this.handlers.get(key) ?? []) await handler(event);
    }
  }

  subscribe(topic: EventTopic | '*', handler: EventHandler): () => void {
    const set = this.handlers.get(topic) ?? new Set<EventHandler>();
    set.add(handler);
    this.handlers.set(topic, set);
    return () => set.delete(handler);
  }

  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}
