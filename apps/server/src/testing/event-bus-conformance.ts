// The one conformance suite every event-bus adapter passes (in-process, JetStream; Kafka would be next):
// de-duplication by id, consumer groups that share work and resume, redelivery, dead letters, replay.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';
import { describe, expect, it } from 'vitest';
import type { EventBus } from '../events/bus.js';

export interface BusUnderTest {
  bus: EventBus;
  close(): Promise<void>;
}

/** Opens a fresh bus with these delivery settings (its own streams or memory), or says why it cannot. */
export type OpenBus = (options: {
  maxDeliveries: number;
  redeliveryDelayMs: number;
}) => Promise<BusUnderTest>;

const event = (topic: EventTopic, n: number, tenantId = 'acme'): EventEnvelope => ({
  id: randomUUID(),
  type: 'test.event',
  topic,
  occurredAt: new Date().toISOString(),
  tenantId,
  requestId: `req-${n}`,
  data: { n },
  version: 1,
});

/** Resolves once `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const numbers = (events: EventEnvelope[]) => events.map((each) => (each.data as { n: number }).n);

export function eventBusConformance(
  name: string,
  open: OpenBus,
  skipReason?: () => string | undefined,
): void {
  describe(`event bus contract: ${name}`, () => {
    const withBus = async (
      run: (bus: EventBus) => Promise<void>,
      options = { maxDeliveries: 3, redeliveryDelayMs: 20 },
    ) => {
      const reason = skipReason?.();
      if (reason) return console.warn(`[skip] ${name}: ${reason}`);
      const under = await open(options);
      try {
        await run(under.bus);
      } finally {
        await under.close();
      }
    };

    it('stores an event published twice with the same id once', () =>
      withBus(async (bus) => {
        const first = event('agent.actions', 1);
        await bus.publish(first);
        await bus.publish({ ...first });
        await bus.publish(event('agent.actions', 2));
        const seen: EventEnvelope[] = [];
        await bus.replay('agent.actions', { sequence: 1 }, (each) => void seen.push(each));
        expect(numbers(seen)).toEqual([1, 2]);
      }));

    it('hands each event to one member of a group, in order, and every event to every group', () =>
      withBus(async (bus) => {
        const a: EventEnvelope[] = [];
        const b: EventEnvelope[] = [];
        const other: EventEnvelope[] = [];
        const members = [
          await bus.consume('billing', 'customer.requests', (each) => void a.push(each)),
          await bus.consume('billing', 'customer.requests', (each) => void b.push(each)),
          await bus.consume('audit', 'customer.requests', (each) => void other.push(each)),
        ];
        for (let n = 1; n <= 12; n += 1) await bus.publish(event('customer.requests', n));
        await eventually(() => a.length + b.length === 12 && other.length === 12);
        expect(numbers([...a, ...b]).sort((x, y) => x - y)).toEqual(numbers(other));
        expect(numbers(other)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(numbers(a)).toEqual([...numbers(a)].sort((x, y) => x - y));
        await Promise.all(members.map((member) => member.stop()));
      }));

    it('resumes a group where it stopped, and starts a new group at the beginning', () =>
      withBus(async (bus) => {
        const seen: EventEnvelope[] = [];
        const first = await bus.consume('notify', 'notifications.outbound', (each) => void seen.push(each));
        for (let n = 1; n <= 3; n += 1) await bus.publish(event('notifications.outbound', n));
        await eventually(() => seen.length === 3);
        await first.stop();
        for (let n = 4; n <= 6; n += 1) await bus.publish(event('notifications.outbound', n));
        const later: EventEnvelope[] = [];
        const again = await bus.consume('notify', 'notifications.outbound', (each) => void later.push(each));
        const fresh: EventEnvelope[] = [];
        const other = await bus.consume(
          'newcomer',
          'notifications.outbound',
          (each) => void fresh.push(each),
        );
        await eventually(() => later.length === 3 && fresh.length === 6);
        expect(numbers(later)).toEqual([4, 5, 6]);
        await again.stop();
        await other.stop();
      }));

    it('delivers a failed event again until it succeeds, holding back the next one', () =>
      withBus(async (bus) => {
        const attempts: number[] = [];
        let failures = 1;
        const member = await bus.consume('flaky', 'human.approvals', (each) => {
          attempts.push((each.data as { n: number }).n);
          if ((each.data as { n: number }).n === 1 && failures-- > 0) throw new Error('not yet');
        });
        await bus.publish(event('human.approvals', 1));
        await bus.publish(event('human.approvals', 2));
        await eventually(() => attempts.length === 3);
        expect(attempts).toEqual([1, 1, 2]);
        expect(await bus.deadLetters('flaky', 'human.approvals')).toEqual([]);
        await member.stop();
      }));

    it('turns an event that keeps failing into a dead letter after the last delivery and moves on', () =>
      withBus(async (bus) => {
        const attempts: number[] = [];
        const member = await bus.consume('strict', 'system.analytics', (each) => {
          const n = (each.data as { n: number }).n;
          attempts.push(n);
          if (n === 1) throw new Error('cannot read this event');
        });
        const poison = event('system.analytics', 1);
        await bus.publish(poison);
        await bus.publish(event('system.analytics', 2));
        await eventually(() => attempts.includes(2));
        expect(attempts).toEqual([1, 1, 1, 2]);
        await member.stop();
        const letters = await bus.deadLetters('strict', 'system.analytics');
        expect(letters).toHaveLength(1);
        expect(letters[0]).toMatchObject({
          group: 'strict',
          topic: 'system.analytics',
          error: 'cannot read this event',
          deliveries: 3,
        });
        expect(letters[0]!.event.id).toBe(poison.id);
      }));

    it('replays a topic from a sequence or a time, optionally for one tenant, without moving groups', () =>
      withBus(async (bus) => {
        for (let n = 1; n <= 3; n += 1)
          await bus.publish(event('agent.actions', n, n === 2 ? 'globex' : 'acme'));
        const positions: number[] = [];
        await bus.replay('agent.actions', { sequence: 1 }, (_each, at) => void positions.push(at.sequence));
        expect(positions).toHaveLength(3);
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
        await new Promise((resolve) => setTimeout(resolve, 20));
        const cut = new Date();
        await bus.publish(event('agent.actions', 4));
        const fromSecond: EventEnvelope[] = [];
        const count = await bus.replay(
          'agent.actions',
          { sequence: positions[1]! },
          (each) => void fromSecond.push(each),
        );
        expect(count).toBe(3);
        expect(numbers(fromSecond)).toEqual([2, 3, 4]);
        const sinceCut: EventEnvelope[] = [];
        await bus.replay('agent.actions', { since: cut }, (each) => void sinceCut.push(each));
        expect(numbers(sinceCut)).toEqual([4]);
        const globex: EventEnvelope[] = [];
        await bus.replay('agent.actions', { sequence: 1 }, (each) => void globex.push(each), {
          tenantId: 'globex',
        });
        expect(numbers(globex)).toEqual([2]);
        expect(await bus.replay('customer.requests', { sequence: 1 }, () => undefined)).toBe(0);
      }));

    it('rejects a consumer group name that a broker could not use', () =>
      withBus(async (bus) => {
        await expect(bus.consume('Bad Name.*', 'agent.actions', () => undefined)).rejects.toThrow(
          /Consumer group/,
        );
      }));
  });
}
