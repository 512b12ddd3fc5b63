// The in-process event bus: each topic an in-memory log with the same contract as the brokers (ids
// de-duplicated, groups that resume, redelivery, dead letters, replay). It lives as long as the process; the
// outbox table is what survives a restart. Each topic keeps its newest events only (`retain`), so a
// long-running process does not grow without bound.
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';
import {
  checkGroupName,
  defaultDelivery,
  errorText,
  HandledIds,
  type DeadLetter,
  type DeliveryOptions,
  type EventBus,
  type EventHandler,
  type GroupMember,
  type LogPosition,
  type ReplayFrom,
  type ReplayHandler,
} from './bus.js';

interface Stored extends LogPosition {
  event: EventEnvelope;
}

interface TopicLog {
  entries: Stored[];
  /** How many of the oldest events were trimmed away. */
  trimmed: number;
}

interface Group {
  name: string;
  /** Position in the topic's log (counting trimmed events) of the next event to hand out. */
  next: number;
  members: EventHandler[];
  turn: number;
  pumping: Promise<void> | undefined;
  handled: HandledIds;
  deadLetters: DeadLetter[];
}

export interface InProcessBusOptions extends DeliveryOptions {
  /** How long a published id is remembered for de-duplication. Default two minutes. */
  duplicateWindowMs?: number;
  /** Events kept per topic for groups and replay; a group further behind skips to the oldest kept. */
  retain?: number;
}

export class InProcessEventBus implements EventBus {
  private readonly logs = new Map<EventTopic, TopicLog>();
  private readonly recent = new Map<string, number>();
  private readonly groups = new Map<string, Group>();
  private readonly taps = new Map<string, Set<EventHandler>>();
  private sequence = 0;
  private closed = false;
  private readonly maxDeliveries: number;
  private readonly redeliveryDelayMs: number;
  private readonly duplicateWindowMs: number;
  private readonly retain: number;

  constructor(options: InProcessBusOptions = {}) {
    this.maxDeliveries = options.maxDeliveries ?? defaultDelivery.maxDeliveries;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? defaultDelivery.redeliveryDelayMs;
    this.duplicateWindowMs = options.duplicateWindowMs ?? 120_000;
    this.retain = options.retain ?? 10_000;
  }

  publish(event: EventEnvelope): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The event bus is closed'));
    const now = Date.now();
    this.forgetOldIds(now);
    if (this.recent.has(event.id)) return Promise.resolve();
    this.recent.set(event.id, now);
    const log = this.log(event.topic);
    log.entries.push({ event, sequence: ++this.sequence, storedAt: new Date(now).toISOString() });
    // Trimmed in slices, so each publish does not shift the whole array.
    if (log.entries.length > this.retain * 1.25) {
      const excess = log.entries.length - this.retain;
      log.entries.splice(0, excess);
      log.trimmed += excess;
    }
    for (const [key, group] of this.groups)
      if (key.endsWith(`|${event.topic}`)) this.pump(group, event.topic);
    for (const key of [event.topic, '*']) {
      for (const tap of this.taps.get(key) ?? []) {
        Promise.resolve(tap(event)).catch(() => undefined);
      }
    }
    return Promise.resolve();
  }

  consume(group: string, topic: EventTopic, handler: EventHandler): Promise<GroupMember> {
    try {
      checkGroupName(group);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const key = `${group}|${topic}`;
    const state = this.groups.get(key) ?? {
      name: group,
      next: 0,
      members: [],
      turn: 0,
      pumping: undefined,
      handled: new HandledIds(),
      deadLetters: [],
    };
    this.groups.set(key, state);
    state.members.push(handler);
    this.pump(state, topic);
    return Promise.resolve({
      stop: async () => {
        state.members = state.members.filter((member) => member !== handler);
        await state.pumping;
      },
    });
  }

  deadLetters(group: string, topic: EventTopic): Promise<DeadLetter[]> {
    return Promise.resolve([...(this.groups.get(`${group}|${topic}`)?.deadLetters ?? [])]);
  }

  async replay(
    topic: EventTopic,
    from: ReplayFrom,
    handler: ReplayHandler,
    options: { tenantId?: string } = {},
  ): Promise<number> {
    const log = [...this.log(topic).entries];
    const startsAt = (stored: Stored) =>
      'sequence' in from
        ? stored.sequence >= from.sequence
        : Date.parse(stored.storedAt) >= from.since.getTime();
    let handed = 0;
    for (const stored of log) {
      if (!startsAt(stored)) continue;
      if (options.tenantId && stored.event.tenantId !== options.tenantId) continue;
      await handler(stored.event, { sequence: stored.sequence, storedAt: stored.storedAt });
      handed += 1;
    }
    return handed;
  }

  subscribe(topic: EventTopic | '*', handler: EventHandler): () => void {
    const set = this.taps.get(topic) ?? new Set<EventHandler>();
    set.add(handler);
    this.taps.set(topic, set);
    return () => set.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) {
      group.members = [];
      await group.pumping;
    }
    this.taps.clear();
  }

  /** Hands the group's next events out one at a time, while it has members and the log has more. */
  private pump(group: Group, topic: EventTopic): void {
    group.pumping ??= (async () => {
      const log = this.log(topic);
      let deliveries = 0;
      while (!this.closed && group.members.length > 0 && group.next < log.trimmed + log.entries.length) {
        group.next = Math.max(group.next, log.trimmed);
        const stored = log.entries[group.next - log.trimmed]!;
        if (group.handled.has(stored.event.id)) {
          group.next += 1;
          continue;
        }
        const member = group.members[group.turn++ % group.members.length]!;
        deliveries += 1;
        try {
          await member(stored.event);
          group.handled.add(stored.event.id);
        } catch (error) {
          if (deliveries < this.maxDeliveries) {
            await new Promise((resolve) => setTimeout(resolve, this.redeliveryDelayMs));
            continue;
          }
          group.deadLetters.push({
            group: group.name,
            topic,
            event: stored.event,
            error: errorText(error),
            deliveries,
          });
        }
        deliveries = 0;
        group.next += 1;
      }
    })().finally(() => {
      group.pumping = undefined;
      // An event published while the loop was finishing would otherwise wait for the next publish.
      const log = this.log(topic);
      const more = group.next < log.trimmed + log.entries.length;
      if (more && group.members.length > 0 && !this.closed) this.pump(group, topic);
    });
  }

  private log(topic: EventTopic): TopicLog {
    const log = this.logs.get(topic) ?? { entries: [], trimmed: 0 };
    this.logs.set(topic, log);
    return log;
  }

  private forgetOldIds(now: number): void {
    for (const [id, at] of this.recent) {
      if (now - at < this.duplicateWindowMs) break;
      this.recent.delete(id);
    }
  }
}
