// The inline runner after a crash, on both databases: a task in flight when its runner died is run to
// completion exactly once by the next runner on the same database; leases that run out are taken over;
// a task that kills its runner every time stops being retried.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../store/index.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { InlineTaskQueue, type InlineTaskQueueOptions } from './inline.js';
import type { Task, TaskFailure } from './port.js';

const adapters = await databasesUnderTest();

/** The long-term memory task's shape: summarise one finished conversation. */
const summarise = (
  run: (conversationId: string) => Promise<void>,
  attempts = 3,
): Task<{ conversationId: string }> => ({
  name: 'memory.summarise-conversation',
  payload: z.object({ conversationId: z.string() }),
  attempts,
  backoffMs: 10,
  run: ({ conversationId }) => run(conversationId),
});

const taskRow = (db: Database, queue: string, id: string) =>
  db
    .query<{ status: string; lease_owner: string | null; attempts_made: number; last_error: string | null }>(
      'SELECT status, lease_owner, attempts_made, last_error FROM background_tasks WHERE queue = $1 AND id = $2',
      [queue, id],
    )
    .then((rows) => rows[0]);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(
    `inline task runner after a crash, on ${adapter.name}`,
    () => {
      let test: TestDatabase;
      const runners: InlineTaskQueue[] = [];
      let queueName: string;
      beforeAll(async () => {
        test = await adapter.open();
      });
      afterAll(() => test.dispose());
      afterEach(async () => {
        for (const runner of runners.splice(0)) await runner.close();
      });
      const runner = (options: Partial<InlineTaskQueueOptions> = {}) => {
        const queue = new InlineTaskQueue({ db: test.db, queueName, pollMs: 50, ...options });
        runners.push(queue);
        return queue;
      };
      const freshQueue = () => {
        queueName = `crash-${randomBytes(4).toString('hex')}`;
      };

      it('runs a task that was in flight when its runner died to completion exactly once', async () => {
        freshQueue();
        const completed: string[] = [];
        // Runner A takes the task and is stopped dead in the middle of it: it never finishes it.
        let inFlight!: () => void;
        const reachedMiddle = new Promise<void>((resolve) => (inFlight = resolve));
        let stalled!: (error: Error) => void;
        const crashed = new InlineTaskQueue({ db: test.db, queueName, pollMs: 50, leaseMs: 60_000 });
        const taskInA = summarise(async (id) => {
          inFlight();
          await new Promise<void>((_, reject) => (stalled = reject));
          completed.push(`A:${id}`);
        });
        crashed.register(taskInA);
        await crashed.start();
        await crashed.enqueue(taskInA, { conversationId: 'conv-1' }, { jobId: 'summarise.conv-1' });
        await reachedMiddle;
        // Dead: it takes no more work (its task stays stuck; stopping waits for it in vain).
        const stopping = crashed.close();
        expect(await taskRow(test.db, queueName, 'summarise.conv-1')).toMatchObject({
          status: 'running',
          lease_owner: crashed.owner,
          attempts_made: 1,
        });

        // The next runner on the same database (a restarted process) knows A's process is gone.
        const next = runner({ ownerIsDead: (owner) => owner === crashed.owner });
        const failures: TaskFailure[] = [];
        next.onFailure((failure) => failures.push(failure));
        next.register(summarise((id) => Promise.resolve(void completed.push(`B:${id}`))));
        await next.start();
        await next.drain();
        expect(completed).toEqual(['B:conv-1']);
        expect(await taskRow(test.db, queueName, 'summarise.conv-1')).toBeUndefined();

        // Nothing runs it again: not the next runner's later polls, and not A's stalled attempt giving up.
        stalled(new Error('the process was killed'));
        await stopping;
        await pause(200);
        expect(completed).toEqual(['B:conv-1']);
        expect(failures).toEqual([]);
        expect(await taskRow(test.db, queueName, 'summarise.conv-1')).toBeUndefined();
      });

      it('runs tasks that were waiting when their runner stopped, and only those not yet done', async () => {
        freshQueue();
        const completed: number[] = [];
        const record: Task<{ n: number }> = {
          name: 'record',
          payload: z.object({ n: z.number() }),
          run: ({ n }) => Promise.resolve(void completed.push(n)),
        };
        const first = new InlineTaskQueue({ db: test.db, queueName, pollMs: 50 });
        first.register(record);
        await first.start();
        await first.enqueue(record, { n: 1 });
        await first.drain();
        await first.close();
        await first.enqueue(record, { n: 2 });
        await first.enqueue(record, { n: 3 });

        const next = runner();
        next.register(record);
        await next.start();
        await next.drain();
        expect([...completed].sort()).toEqual([1, 2, 3]);
      });

      it('takes over a task whose lease ran out, and leaves one whose lease still holds', async () => {
        freshQueue();
        const completed: string[] = [];
        const task = summarise((id) => Promise.resolve(void completed.push(id)));
        // Claimed by runners on another host: one stopped renewing a second ago, one is still working.
        await test.db.query(
          `INSERT INTO background_tasks (queue, id, task, payload, status, attempts_made, max_attempts, backoff_ms,
           lease_owner, lease_until)
         VALUES ($1, 'expired', $2, '{"conversationId":"conv-expired"}', 'running', 1, 3, 10, 'elsewhere:1:aaaa',
                 now() - interval '1 second'),
                ($1, 'held', $2, '{"conversationId":"conv-held"}', 'running', 1, 3, 10, 'elsewhere:2:bbbb',
                 now() + interval '1 hour')`,
          [queueName, task.name],
        );
        const next = runner();
        next.register(task);
        await next.start();
        await expect.poll(() => completed, { timeout: 5000 }).toEqual(['conv-expired']);
        await pause(200);
        expect(completed).toEqual(['conv-expired']);
        expect(await taskRow(test.db, queueName, 'held')).toMatchObject({
          status: 'running',
          lease_owner: 'elsewhere:2:bbbb',
        });
      });

      it('takes back at start-up, without waiting for the lease, tasks of a dead process on this host', async () => {
        freshQueue();
        const completed: string[] = [];
        const task = summarise((id) => Promise.resolve(void completed.push(id)));
        const { pid } = spawnSync(process.execPath, ['-e', '']);
        await test.db.query(
          `INSERT INTO background_tasks (queue, id, task, payload, status, attempts_made, max_attempts, backoff_ms,
           lease_owner, lease_until)
         VALUES ($1, 'orphan', $2, '{"conversationId":"conv-orphan"}', 'running', 1, 3, 10, $3,
                 now() + interval '1 hour')`,
          [queueName, task.name, `${hostname()}:${pid}:cccc`],
        );
        const next = runner();
        next.register(task);
        await next.start();
        await next.drain(5000);
        expect(completed).toEqual(['conv-orphan']);
      });

      it('fails a task for good, without running it, when its runner died on its last attempt', async () => {
        freshQueue();
        let inFlight!: () => void;
        const reachedMiddle = new Promise<void>((resolve) => (inFlight = resolve));
        const crashed = new InlineTaskQueue({ db: test.db, queueName, pollMs: 50 });
        const deadly = summarise(() => {
          inFlight();
          return new Promise<void>(() => undefined);
        }, 1);
        crashed.register(deadly);
        await crashed.start();
        await crashed.enqueue(deadly, { conversationId: 'conv-9' }, { jobId: 'summarise.conv-9' });
        await reachedMiddle;
        void crashed.close();

        const ran: string[] = [];
        const failures: TaskFailure[] = [];
        const next = runner({ ownerIsDead: (owner) => owner === crashed.owner });
        next.register(summarise((id) => Promise.resolve(void ran.push(id)), 1));
        next.onFailure((failure) => failures.push(failure));
        await next.start();
        await expect.poll(() => failures.length, { timeout: 5000 }).toBe(1);
        expect(ran).toEqual([]);
        expect(failures[0]).toMatchObject({
          jobId: 'summarise.conv-9',
          attemptsMade: 1,
          error: 'its runner stopped while running it',
        });
        expect(await taskRow(test.db, queueName, 'summarise.conv-9')).toMatchObject({ status: 'failed' });
      });
    },
  );
}
