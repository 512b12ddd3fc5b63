// The inline runner's statements, on both databases: a task enqueued while a loop is free is stored already
// claimed by that loop, so it starts after one statement rather than an insert and a claim; one enqueued
// while every loop is busy waits in the table and is claimed when a loop comes free.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databasesUnderTest, recordingStatements, type TestDatabase } from '../testing/databases.js';
import { InlineTaskQueue } from './inline.js';
import type { Task } from './port.js';

const adapters = await databasesUnderTest();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const claims = (sent: string[]) =>
  sent.filter((sql) => /^\s*UPDATE background_tasks t SET status = 'running'/.test(sql));
const inserts = (sent: string[]) => sent.filter((sql) => /^\s*INSERT INTO background_tasks/.test(sql));

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(
    `inline task runner statements on ${adapter.name}`,
    () => {
      let test: TestDatabase;
      let queue: InlineTaskQueue | undefined;
      beforeAll(async () => {
        test = await adapter.open();
      });
      afterAll(() => test.dispose());
      afterEach(async () => {
        await queue?.close();
      });
      /** A runner on its own queue whose statements go to `sent`; it polls too seldom to matter here. */
      const recordingQueue = (sent: string[]) =>
        new InlineTaskQueue({
          db: recordingStatements(test.db, sent),
          queueName: `q-${randomBytes(4).toString('hex')}`,
          pollMs: 60_000,
        });

      it('stores a task claimed by a free loop and runs it without claiming it again', async () => {
        const sent: string[] = [];
        queue = recordingQueue(sent);
        const seen: Array<{ status: string; lease_owner: string; attempts_made: number }> = [];
        let done!: () => void;
        const finished = new Promise<void>((resolve) => (done = resolve));
        const task: Task<{ n: number }> = {
          name: 'count',
          payload: z.object({ n: z.number() }),
          run: async () => {
            seen.push(
              ...(await test.db.query<{ status: string; lease_owner: string; attempts_made: number }>(
                'SELECT status, lease_owner, attempts_made FROM background_tasks WHERE id = $1',
                ['job-1'],
              )),
            );
            done();
          },
        };
        queue.register(task);
        await queue.start();
        // The look for due work that starting begins comes back empty; the loop is free after it.
        await pause(100);
        sent.length = 0;
        await queue.enqueue(task, { n: 1 }, { jobId: 'job-1' });
        await finished;
        await queue.drain();
        expect(seen).toEqual([{ status: 'running', lease_owner: queue.owner, attempts_made: 1 }]);
        expect(inserts(sent)).toHaveLength(1);
        expect(claims(sent)).toHaveLength(0);
      });

      it('leaves a task enqueued while every loop is busy waiting, for the loop that comes free', async () => {
        const sent: string[] = [];
        queue = recordingQueue(sent);
        const ran: number[] = [];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let begun!: () => void;
        const first = new Promise<void>((resolve) => (begun = resolve));
        const task: Task<{ n: number }> = {
          name: 'count',
          payload: z.object({ n: z.number() }),
          run: async ({ n }) => {
            ran.push(n);
            if (n !== 1) return;
            begun();
            await held;
          },
        };
        queue.register(task);
        await queue.start();
        sent.length = 0;
        await queue.enqueue(task, { n: 1 });
        await first;
        await queue.enqueue(task, { n: 2 });
        await pause(100);
        const ranWhileBusy = [...ran];
        release();
        await queue.drain();
        expect(ranWhileBusy).toEqual([1]);
        expect(ran).toEqual([1, 2]);
        // The second waited as stored and was claimed once the only loop was free.
        expect(claims(sent).length).toBeGreaterThanOrEqual(1);
      });
    },
  );
}
