// One conformance suite for the background-task port, run against the inline runner on both databases and
// BullMQ on Redis.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeskError } from '../errors.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { randomPrefix, redisSkipReason, testRedisUrl } from '../testing/redis.js';
import { BullMqTaskQueue } from './bullmq.js';
import { InlineTaskQueue } from './inline.js';
import { rejectTask, type Task, type TaskFailure, type TaskQueue } from './port.js';

interface Adapter {
  name: string;
  skip: string | undefined;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A fresh queue; `reopen` gives another runner on the same queue (the next process, after a restart). */
  open(concurrency?: number): { queue: TaskQueue; reopen: () => TaskQueue };
}

const redisSkip = await redisSkipReason();
const inlineAdapters: Adapter[] = (await databasesUnderTest()).map((database) => {
  let test: TestDatabase | undefined;
  return {
    name: `inline on ${database.name}`,
    skip: database.skipReason,
    setUp: async () => {
      test = await database.open();
    },
    tearDown: async () => {
      await test?.dispose();
    },
    open: (concurrency) => {
      // One database per adapter; every test has its own queue in it.
      const options = {
        db: test!.db,
        queueName: `q-${randomBytes(4).toString('hex')}`,
        pollMs: 50,
        ...(concurrency ? { concurrency } : {}),
      };
      return { queue: new InlineTaskQueue(options), reopen: () => new InlineTaskQueue(options) };
    },
  };
});
const adapters: Adapter[] = [
  ...inlineAdapters,
  {
    name: 'bullmq',
    skip: redisSkip,
    setUp: async () => {},
    tearDown: async () => {},
    open: (concurrency) => {
      const options = {
        redisUrl: testRedisUrl,
        prefix: randomPrefix('jobs'),
        queueName: 'conformance',
        ...(concurrency ? { concurrency } : {}),
      };
      return { queue: new BullMqTaskQueue(options), reopen: () => new BullMqTaskQueue(options) };
    },
  },
];

for (const adapter of adapters) {
  describe.skipIf(adapter.skip !== undefined)(`background tasks on ${adapter.name}`, () => {
    let queue: TaskQueue;
    let reopen: () => TaskQueue;
    const opened: TaskQueue[] = [];
    beforeAll(() => adapter.setUp());
    afterAll(() => adapter.tearDown());
    beforeEach(() => {
      ({ queue, reopen } = adapter.open());
      opened.push(queue);
    });
    afterEach(async () => {
      const last = opened.at(-1);
      if (last instanceof BullMqTaskQueue) await last.obliterate();
      for (const each of opened.splice(0)) await each.close();
    });

    const recorder = (overrides: Partial<Task<{ n: number }>> & { failTimes?: number } = {}) => {
      const seen: number[] = [];
      let failures = overrides.failTimes ?? 0;
      const task: Task<{ n: number }> = {
        name: overrides.name ?? 'record',
        payload: z.object({ n: z.number().int() }),
        attempts: overrides.attempts ?? 3,
        backoffMs: 10,
        run: ({ n }) => {
          seen.push(n);
          if (failures-- > 0) return Promise.reject(new Error(`fail ${n}`));
          return Promise.resolve();
        },
      };
      return { task, seen };
    };

    it('runs an enqueued task with its payload', async () => {
      const { task, seen } = recorder();
      queue.register(task);
      await queue.start();
      await queue.enqueue(task, { n: 7 });
      await queue.drain();
      expect(seen).toEqual([7]);
    });

    it('runs as many tasks at once as its concurrency, and no more', async () => {
      const wide = adapter.open(2).queue;
      opened.push(wide);
      let running = 0;
      let most = 0;
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const task: Task<{ n: number }> = {
        name: 'held',
        payload: z.object({ n: z.number().int() }),
        run: async () => {
          running += 1;
          most = Math.max(most, running);
          await gate;
          running -= 1;
        },
      };
      wide.register(task);
      await wide.start();
      for (let n = 0; n < 3; n += 1) await wide.enqueue(task, { n });
      const until = Date.now() + 10_000;
      while (most < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(most).toBe(2);
      release();
      await wide.drain(10_000);
      expect(running).toBe(0);
    });

    it('refuses a payload that does not fit the task, at enqueue time', async () => {
      const { task } = recorder();
      queue.register(task);
      const error = await queue.enqueue(task, { n: 'x' as unknown as number }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeskError);
      expect((error as DeskError).code).toBe('VALIDATION_FAILED');
    });

    it('refuses a task nobody registered', async () => {
      const { task } = recorder({ name: 'unregistered' });
      await expect(queue.enqueue(task, { n: 1 })).rejects.toMatchObject({ code: 'TASK_UNKNOWN' });
    });

    it('retries a failing task until it succeeds', async () => {
      const { task, seen } = recorder({ failTimes: 2 });
      queue.register(task);
      const failures: TaskFailure[] = [];
      queue.onFailure((failure) => failures.push(failure));
      await queue.start();
      await queue.enqueue(task, { n: 3 });
      await queue.drain();
      expect(seen).toEqual([3, 3, 3]);
      expect(failures).toEqual([]);
    });

    it('reports a task that used up its attempts, once', async () => {
      const { task, seen } = recorder({ failTimes: 99, attempts: 2 });
      queue.register(task);
      const failures: TaskFailure[] = [];
      queue.onFailure((failure) => failures.push(failure));
      await queue.start();
      await queue.enqueue(task, { n: 5 }, { jobId: 'doomed' });
      await queue.drain();
      await expect.poll(() => failures.length).toBe(1);
      expect(seen).toEqual([5, 5]);
      expect(failures[0]).toMatchObject({ task: 'record', attemptsMade: 2, error: 'fail 5' });
    });

    it('fails a rejected task at once, without retrying, and lists it among the failures', async () => {
      const seen: number[] = [];
      const task: Task<{ n: number }> = {
        name: 'picky',
        payload: z.object({ n: z.number().int() }),
        attempts: 5,
        backoffMs: 10,
        run: ({ n }) => {
          seen.push(n);
          return Promise.reject(rejectTask('picky', `no such thing as ${n}`));
        },
      };
      queue.register(task);
      const failures: TaskFailure[] = [];
      queue.onFailure((failure) => failures.push(failure));
      await queue.start();
      await queue.enqueue(task, { n: 9 }, { jobId: 'picky-9' });
      await queue.drain();
      await expect.poll(() => failures.length).toBe(1);
      expect(seen).toEqual([9]);
      expect(failures[0]).toMatchObject({ task: 'picky', attemptsMade: 1 });
      expect(failures[0]?.error).toContain('no such thing as 9');
      const listed = await queue.failures(10);
      expect(listed.map((failure) => failure.task)).toEqual(['picky']);
    });

    it('runs a delayed task no earlier than asked, and drain does not wait for a timed check', async () => {
      const { task, seen } = recorder();
      const check: Task<{ n: number }> = { ...recorder({ name: 'check' }).task, timed: true };
      queue.register(task);
      queue.register(check);
      await queue.start();
      await queue.enqueue(check, { n: 1 }, { jobId: 'check-later', delayMs: 60_000 });
      const enqueuedAt = Date.now();
      await queue.enqueue(task, { n: 2 }, { delayMs: 300 });
      await queue.drain(10_000);
      expect(seen).toEqual([2]);
      expect(Date.now() - enqueuedAt).toBeGreaterThanOrEqual(290);
    });

    it('enqueues a job id once while it is still waiting', async () => {
      const { task, seen } = recorder();
      queue.register(task);
      await queue.enqueue(task, { n: 1 }, { jobId: 'doc:1' });
      await queue.enqueue(task, { n: 1 }, { jobId: 'doc:1' });
      await queue.enqueue(task, { n: 2 }, { jobId: 'doc:2' });
      await queue.start();
      await queue.drain();
      expect(seen.sort()).toEqual([1, 2]);
    });

    it('runs again a job id whose earlier run has finished', async () => {
      const { task, seen } = recorder();
      queue.register(task);
      await queue.start();
      await queue.enqueue(task, { n: 1 }, { jobId: 'doc:1' });
      await queue.drain();
      await queue.enqueue(task, { n: 1 }, { jobId: 'doc:1' });
      await queue.drain();
      expect(seen).toEqual([1, 1]);
    });

    it('keeps what is queued when its runner stops, for the next runner', async () => {
      const before = recorder();
      queue.register(before.task);
      await queue.enqueue(before.task, { n: 4 }, { jobId: 'left:4' });
      await queue.close();
      const next = reopen();
      opened.push(next);
      const after = recorder();
      next.register(after.task);
      await next.start();
      await next.drain();
      expect(before.seen).toEqual([]);
      expect(after.seen).toEqual([4]);
    });
  });
}
