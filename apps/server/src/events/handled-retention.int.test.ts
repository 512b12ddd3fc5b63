// The de-duplication records of consumer groups are forgotten once no redelivery can come: a recurring task on
// the queue removes those older than the configured days and keeps the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineTaskQueue } from '../jobs/index.js';
import { createLogger } from '../logger.js';
import { HandledEventRepository } from '../store/handled-events.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { HandledEventRetention } from './handled-retention.js';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`handled-event retention on ${target.name}`, () => {
    let t: TestDatabase;
    let queue: InlineTaskQueue;
    beforeAll(async () => {
      t = await target.open();
      queue = new InlineTaskQueue({ db: t.db, queueName: 'retention-test', pollMs: 50 });
    });
    afterAll(async () => {
      await queue?.close();
      await t?.dispose();
    });

    it('forgets what groups handled more than the kept days ago, on its own schedule', async () => {
      const handled = new HandledEventRepository(t.db);
      await handled.add('billing', 'evt-old');
      await handled.add('billing', 'evt-recent');
      await handled.add('analytics', 'evt-old');
      await t.db.query(
        `UPDATE handled_events SET handled_at = now() - interval '8 days' WHERE event_id = 'evt-old'`,
      );
      const retention = new HandledEventRetention(handled, queue, {
        keepDays: 7,
        logger: createLogger('silent'),
      });
      await queue.start();
      await retention.schedule(0);
      const until = Date.now() + 10_000;
      while ((await handled.has('billing', 'evt-old')) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await handled.has('billing', 'evt-old')).toBe(false);
      expect(await handled.has('analytics', 'evt-old')).toBe(false);
      expect(await handled.has('billing', 'evt-recent')).toBe(true);
      // The next check is already on the queue, an hour on: it keeps itself going.
      const next = await t.db.query<{ id: string }>(
        `SELECT id FROM background_tasks WHERE queue = 'retention-test' AND status = 'waiting'`,
      );
      expect(next.map((row) => row.id)).toEqual([expect.stringMatching(/^events\.handled-retention\.\d+$/)]);
    });
  });
}
