import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from './in-process.js';

const event = (n: number): EventEnvelope => ({
  id: randomUUID(),
  type: 'test.event',
  topic: 'agent.actions',
  occurredAt: new Date().toISOString(),
  tenantId: 'acme',
  requestId: `req-${n}`,
  data: { n },
  version: 1,
});

describe('in-process event bus retention', () => {
  it('keeps only the newest events of a topic, and a group that fell behind goes on from the oldest kept', async () => {
    const bus = new InProcessEventBus({ retain: 4 });
    for (let n = 1; n <= 12; n += 1) await bus.publish(event(n));
    const replayed: number[] = [];
    await bus.replay(
      'agent.actions',
      { sequence: 1 },
      (each) => void replayed.push((each.data as { n: number }).n),
    );
    expect(replayed.length).toBeLessThanOrEqual(5);
    expect(replayed.at(-1)).toBe(12);
    const seen: number[] = [];
    const member = await bus.consume(
      'late',
      'agent.actions',
      (each) => void seen.push((each.data as { n: number }).n),
    );
    await bus.publish(event(13));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([...replayed, 13]);
    await member.stop();
    await bus.close();
  });
});
