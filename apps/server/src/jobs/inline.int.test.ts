// The inline runner's statements, on both databases: a task enqueued while a loop is free is stored already
// claimed by that loop, so it starts after one statement rather than an insert and a claim; one enqueued
// while every loop is busy waits in the table and is claimed when a loop comes free; a reserved task is written
// inside its caller's own write and runs once that commits, or is left to the next runner if it never starts.
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

      /** A task that notes each `n` it runs, registered on a started queue whose one loop is free. */
      const noting = async (on: InlineTaskQueue) => {
        const ran: number[] = [];
        const task: Task<{ n: number }> = {
          name: 'count',
          payload: z.object({ n: z.number() }),
          run: ({ n }) => Promise.resolve(void ran.push(n)),
        };
        on.register(task);
        await on.start();
        await pause(100);
        return { ran, task };
      };

      it("writes a reserved task inside its caller's transaction and runs it once that commits", async () => {
        const sent: string[] = [];
        queue = recordingQueue(sent);
        const { ran, task } = await noting(queue);
        sent.length = 0;
        const reserved = queue.reserve(task, { n: 1 }, 'job-r1')!;
        // The only loop is set aside: nothing else is reserved, and the task does not run before the commit.
        expect(queue.reserve(task, { n: 9 }, 'job-r9')).toBeUndefined();
        await test.db.transaction(async (tx) => {
          await reserved.write(tx);
          await pause(50);
          expect(ran).toEqual([]);
        });
        reserved.start();
        await queue.drain();
        expect(ran).toEqual([1]);
        // Written once, inside the caller's transaction, and never claimed again.
        expect(inserts(sent)).toHaveLength(0);
        expect(claims(sent)).toHaveLength(0);
        // A payload that does not fit is refused at once, as enqueue refuses it.
        expect(() => queue!.reserve(task, { n: 'x' } as never, 'job-bad')).toThrow(/Invalid payload/);
      });

      it('frees the loop of a reservation whose write did not happen, for the tasks queued meanwhile', async () => {
        queue = recordingQueue([]);
        const { ran, task } = await noting(queue);
        const reserved = queue.reserve(task, { n: 1 }, 'job-d1')!;
        await expect(
          test.db.transaction(async (tx) => {
            await reserved.write(tx);
            throw new Error('the caller changed its mind');
          }),
        ).rejects.toThrow('changed its mind');
        await queue.enqueue(task, { n: 2 }, { jobId: 'job-d2' });
        reserved.drop();
        await queue.drain();
        expect(ran).toEqual([2]);
        expect(await test.db.query('SELECT id FROM background_tasks WHERE id = $1', ['job-d1'])).toEqual([]);
      });

      it('leaves a reserved task written but never started to the next runner, as a task its holder left', async () => {
        const options = { db: test.db, queueName: `q-${randomBytes(4).toString('hex')}`, pollMs: 50 };
        const dying = new InlineTaskQueue({ ...options, leaseMs: 300 });
        const { ran, task } = await noting(dying);
        const reserved = dying.reserve(task, { n: 1 }, 'job-left')!;
        await test.db.transaction((tx) => reserved.write(tx));
        // The process dies after the commit, before the task starts: its lease runs out.
        reserved.drop();
        await dying.close();
        queue = new InlineTaskQueue(options);
        const next = await noting(queue);
        await queue.drain(10_000);
        expect(next.ran).toEqual([1]);
        expect(ran).toEqual([]);
      });
    },
  );
}
