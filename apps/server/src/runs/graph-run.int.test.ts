// Bad input to the `graph.run` task (issue 10): a task for an unknown tenant, a deleted thread or with a
// malformed payload records why and fails for good at once — no retry loop, no crash — where the status page
// reads it (the queue's failures). None of these reaches the graph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProgressEmitter } from '../graph/progress.js';
import { InlineTaskQueue, type Task, type TaskFailure } from '../jobs/index.js';
import { createLogger } from '../logger.js';
import { createStores } from '../store/index.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { GRAPH_RUN, ThreadRuns } from './graph-run.js';
import type { RunDriver } from './run-driver.js';

/** Bad tasks never get as far as driving the graph: reaching it fails the test. */
const unreachableDriver = {
  inputFor: () => Promise.reject(new Error('the graph was reached')),
  drive: () => Promise.reject(new Error('the graph was reached')),
} as unknown as RunDriver;

for (const database of await databasesUnderTest()) {
  describe.skipIf(database.skipReason !== undefined)(`graph.run with bad input, on ${database.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await database.open();
    }, 120_000);
    afterAll(async () => test?.dispose());

    it('fails a task for an unknown tenant, a missing request, a deleted thread or a malformed payload at once, saying why', async () => {
      const stores = createStores(test.db);
      const tenantId = `t-${Date.now()}`;
      const queue = new InlineTaskQueue({ db: test.db, queueName: `runs-${tenantId}`, pollMs: 50 });
      const runs = new ThreadRuns(
        { db: test.db, stores, tenantId },
        queue,
        unreachableDriver,
        new ProgressEmitter(),
        createLogger('silent'),
      );
      // A request whose thread is deleted after it was accepted (a customer erased meanwhile).
      await stores.customers.upsert({
        id: 'cus_gone',
        tenantId,
        name: 'Gone',
        email: 'gone@example.com',
        tier: 'standard',
        postcode: 'N1',
        phone: '0',
      });
      await stores.conversations.create(tenantId, 'th_gone', 'cus_gone');
      await stores.requests.create(tenantId, {
        id: 'req_gone',
        conversationId: 'th_gone',
        customerId: 'cus_gone',
        text: 'hello',
      });
      // Erasing the customer deletes the thread and its requests with it.
      await test.db.query('DELETE FROM customers WHERE tenant_id = $1 AND id = $2', [tenantId, 'cus_gone']);
      const failures: TaskFailure[] = [];
      queue.onFailure((failure) => failures.push(failure));
      await queue.start();
      const graphRun: Task<unknown> = { name: GRAPH_RUN, payload: z.unknown(), run: () => Promise.resolve() };
      await queue.enqueue(
        graphRun,
        { tenantId: 'nobody', requestId: 'req_x', runId: 'run-tenant' },
        {
          jobId: 'run-tenant',
        },
      );
      await queue.enqueue(
        graphRun,
        { tenantId, requestId: 'req_missing', runId: 'run-missing' },
        {
          jobId: 'run-missing',
        },
      );
      await runs.enqueue({ id: 'req_gone' }, 'run-gone');
      await queue.enqueue(graphRun, { tenantId, requestId: 42 }, { jobId: 'run-malformed' });
      await queue.drain(20_000);
      await queue.close();

      const byJob = new Map(failures.map((failure) => [failure.jobId, failure]));
      expect(byJob.get('run-tenant')?.error).toMatch(/unknown tenant nobody/);
      expect(byJob.get('run-missing')?.error).toMatch(/no request req_missing/);
      expect(byJob.get('run-gone')?.error).toMatch(/no request req_gone .*thread was deleted/);
      expect(byJob.get('run-malformed')?.error).toMatch(/malformed/);
      // Each failed on its first attempt: no retry loop.
      expect(failures.map((failure) => failure.attemptsMade)).toEqual([1, 1, 1, 1]);
      const listed = await queue.failures(10);
      expect(listed.map((failure) => failure.jobId).sort()).toEqual(
        ['run-gone', 'run-malformed', 'run-missing', 'run-tenant'].sort(),
      );
    }, 60_000);
  });
}
