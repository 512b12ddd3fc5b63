// Consumer groups on JetStream remember what they handled in the database, not in one process's memory: an
// event a group handled elsewhere (another process, or this one before a restart) whose acknowledgement never
// reached the server is acknowledged on redelivery without running the handler again.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { HandledEventRepository } from '../store/handled-events.js';
import { openTestPostgres, postgresSkipReason, type TestDatabase } from '../testing/databases.js';
import { deleteStreams, natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { JetStreamEventBus } from './jetstream.js';

const event = (n: number): EventEnvelope => ({
  id: randomUUID(),
  type: 'test.event',
  topic: 'customer.requests',
  occurredAt: new Date().toISOString(),
  tenantId: 'acme',
  requestId: `req-${n}`,
  data: { n },
  version: 1,
});

const missing = (await postgresSkipReason()) ?? (await natsSkipReason());

describe.skipIf(missing !== undefined)('event de-duplication kept in the database (JetStream)', () => {
  const prefix = randomEventsPrefix('handled');
  let database: TestDatabase;
  let handled: HandledEventRepository;
  let bus: JetStreamEventBus;

  beforeAll(async () => {
    database = await openTestPostgres();
    handled = new HandledEventRepository(database.db);
    bus = await JetStreamEventBus.open({
      servers: testNatsUrl,
      prefix,
      logger: createLogger('silent'),
      handled,
    });
  });

  afterAll(async () => {
    await bus?.close();
    await deleteStreams(prefix);
    await database?.dispose();
  });

  it('acknowledges an event the group handled in another process without handling it again', async () => {
    const [elsewhere, fresh] = [event(1), event(2)];
    // Another member handled this one and died before its acknowledgement reached the server.
    await handled.add('billing', elsewhere.id);
    await bus.publish(elsewhere);
    await bus.publish(fresh);
    const seen: number[] = [];
    const member = await bus.consume('billing', 'customer.requests', (each) => {
      seen.push((each.data as { n: number }).n);
    });
    const until = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    await member.stop();
    // The group moved past the first (acknowledged, not handled) to the second, which it now records.
    expect(seen).toEqual([2]);
    expect(await handled.has('billing', fresh.id)).toBe(true);
    // Another group is not affected by what this one handled.
    expect(await handled.has('analytics', fresh.id)).toBe(false);
  });
});
