// The event-bus port: five topics as ordered, retained logs with per-tenant keys, consumer groups that resume
// where they stopped, dead letters and replay. Shaped after what JetStream and Kafka both offer, so each
// broker is one adapter file (in-process.ts, jetstream.ts); one conformance suite holds them to this contract.
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';

export type EventHandler = (event: EventEnvelope) => Promise<void> | void;

/** Where an event sits in its topic's log: a sequence (JetStream's stream sequence, Kafka's offset) and when it was stored. */
export interface LogPosition {
  sequence: number;
  storedAt: string;
}

export type ReplayHandler = (event: EventEnvelope, position: LogPosition) => Promise<void> | void;

/** Where a replay starts: at a sequence (inclusive) or at the first event stored at or after a time. */
export type ReplayFrom = { sequence: number } | { since: Date };

/** An event a consumer group gave up on after its last delivery failed. */
export interface DeadLetter {
  group: string;
  topic: EventTopic;
  event: EventEnvelope;
  error: string;
  deliveries: number;
}

export interface GroupMember {
  /** Leaves the group after the event in hand (if any) is settled; the group keeps its place. */
  stop(): Promise<void>;
}

export interface EventBus {
  /**
   * Appends an event to its topic's log under its tenant. Publishing an event id the log already holds (within
   * the de-duplication window, two minutes by default) stores nothing new. Resolves once the log holds the
   * event; rejects when the broker cannot take it (the outbox then keeps it for the next pass).
   */
  publish(event: EventEnvelope): Promise<void>;
  /**
   * Joins consumer group `group` on a topic (every tenant). The group reads the log in order, from where it
   * stopped — from the start of the retained log the first time. Each event goes to one member of the group;
   * it counts as handled when the handler resolves (explicit ack). A handler that throws gets the same event
   * again after a delay, up to `maxDeliveries`; then the event becomes a dead letter and the group moves on. A
   * group holds back its next event until the current one is settled, so order holds even under failure. An
   * event id the group already handled is acknowledged without calling the handler (at-least-once delivery
   * made idempotent by event id).
   */
  consume(group: string, topic: EventTopic, handler: EventHandler): Promise<GroupMember>;
  /** Dead letters of a group on a topic, oldest first; empty when there are none. */
  deadLetters(group: string, topic: EventTopic): Promise<DeadLetter[]>;
  /**
   * Hands the stored events of a topic (optionally one tenant's) from a sequence or a time up to the newest
   * one at the time of the call, in order, without moving any consumer group. Returns how many it handed.
   */
  replay(
    topic: EventTopic,
    from: ReplayFrom,
    handler: ReplayHandler,
    options?: { tenantId?: string },
  ): Promise<number>;
  /**
   * A live tap for quick observers (tests, debugging): events published from now on, on one topic or all
   * ('*'). Not durable and not a consumer group. Returns the function that unsubscribes.
   */
  subscribe(topic: EventTopic | '*', handler: EventHandler): () => void;
  close(): Promise<void>;
}

/** How groups retry: shared by every adapter so they behave alike. */
export interface DeliveryOptions {
  /** Deliveries of one event before it becomes a dead letter. Default 5. */
  maxDeliveries?: number;
  /** Pause before an event that failed is delivered again. Default 1 s. */
  redeliveryDelayMs?: number;
}

export const defaultDelivery = { maxDeliveries: 5, redeliveryDelayMs: 1_000 } as const;

/** Group names become broker identifiers (JetStream durable names, Kafka group ids): keep them plain. */
export function checkGroupName(group: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(group)) {
    throw new TypeError(`Consumer group "${group}" must be lower-case letters, digits, _ and - (at most 64)`);
  }
  return group;
}

/**
 * Which events each consumer group has handled, so an event delivered again is acknowledged without a second
 * effect. A broker shared by processes needs it where every member sees it (the database: store/'s
 * `HandledEventRepository`); `HandledIds` keeps it in this process's memory.
 */
export interface HandledEvents {
  has(group: string, eventId: string): Promise<boolean>;
  /** Idempotent. */
  add(group: string, eventId: string): Promise<void>;
}

/** The ids a group handled lately, bounded, so a redelivered event is acknowledged without a second effect. */
export class HandledIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }
}

/** Every group's handled ids in this process's memory (bounded per group): one process, or tests. */
export class HandledInMemory implements HandledEvents {
  private readonly groups = new Map<string, HandledIds>();

  has(group: string, eventId: string): Promise<boolean> {
    return Promise.resolve(this.groups.get(group)?.has(eventId) ?? false);
  }

  add(group: string, eventId: string): Promise<void> {
    const ids = this.groups.get(group) ?? new HandledIds();
    this.groups.set(group, ids);
    ids.add(eventId);
    return Promise.resolve();
  }
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
