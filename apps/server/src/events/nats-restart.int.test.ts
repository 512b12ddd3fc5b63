// A private JetStream server killed and restarted while the desk keeps writing events: the outbox holds what
// could not be published, nothing is lost, and a consumer group resumes where it stopped (no event twice).
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { OutboxRepository } from '../store/index.js';
import {
  openTestEmbedded,
  openTestPostgres,
  postgresSkipReason,
  type TestDatabase,
} from '../testing/databases.js';
import { PrivateNatsServer } from '../testing/nats.js';
import { JetStreamEventBus } from './jetstream.js';
import { OutboxRelay } from './relay.js';

const logger = createLogger('silent');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('events across a NATS restart', () => {
  let nats: PrivateNatsServer;
  let store: TestDatabase;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    // The outbox on PostgreSQL when it runs here (quicker to set up than an embedded directory).
    store = (await postgresSkipReason()) ? await openTestEmbedded() : await openTestPostgres();
  });

  afterAll(async () => {
    await nats?.dispose();
    await store?.dispose();
  });

  it('loses no event and resumes the consumer group where it stopped', async () => {
    const outbox = new OutboxRepository(store.db);
    const bus = await JetStreamEventBus.open({ servers: nats.url, prefix: 'restart', logger });
    const relay = new OutboxRelay(outbox, bus, logger);
    relay.start(50);
    const before: string[] = [];
    const after: string[] = [];
    const written: string[] = [];
    const write = async (from: number, to: number) => {
      for (let n = from; n <= to; n += 1) {
        const event: EventEnvelope = {
          id: randomUUID(),
          type: 'step.recorded',
          topic: 'agent.actions',
          occurredAt: new Date().toISOString(),
          tenantId: 'demo',
          requestId: `req-${n}`,
          data: { n },
          version: 1,
        };
        written.push(event.id);
        await outbox.append(event);
      }
    };
    try {
      const first = await bus.consume('ledger', 'agent.actions', (event) => void before.push(event.id));
      await write(1, 20);
      await eventually(() => before.length === 20, 10_000);
      // JetStream writes a consumer's acknowledged position to disk shortly after the acks, not with each one:
      // a SIGKILL inside that moment redelivers the last events (at least once), so let it land first.
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      // The server dies mid-run; the desk keeps writing, the relay cannot publish, the outbox keeps it all.
      await nats.kill();
      await first.stop();
      await write(21, 40);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await outbox.pending(100)).length).toBeGreaterThan(0);

      await nats.start();
      await write(41, 50);
      // A new member of the same group (nothing remembered in memory) picks up after event 20.
      const second = await bus.consume('ledger', 'agent.actions', (event) => void after.push(event.id));
      await eventually(async () => (await outbox.pending(100)).length === 0 && after.length >= 30, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await second.stop();

      const position = (id: string) => written.indexOf(id) + 1;
      expect(before.map(position)).toEqual(range(1, 20));
      expect(after.map(position)).toEqual(range(21, 50));
      let stored = 0;
      await bus.replay('agent.actions', { sequence: 1 }, () => void (stored += 1));
      expect(stored).toBe(50);
    } finally {
      await relay.stop();
      await bus.close();
    }
  }, 60_000);
});
