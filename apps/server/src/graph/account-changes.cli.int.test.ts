// A stated change across processes, as the command line runs it: proposed in one process, confirmed in
// another that is killed right after the change is made, and finished by a worker that recovers the run
// without cancelling twice.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson, startCliUntil } from '../testing/cli.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../testing/runtime.js';
import type { DeskResult } from '../runs/index.js';

async function cancellations(location: TestLocation, threadId: string) {
  const runtime = await openTestRuntime(location, {}, { work: false });
  try {
    return {
      performed: await runtime.stores.actions.count('demo', 'cancel_order', threadId),
      status: (await runtime.stores.customers.order('demo', 'ord_1028'))?.status,
      audited: (await runtime.stores.audit.forSubject('demo', 'order', 'ord_1028')).filter(
        (entry) => entry.action === 'action.cancel_order',
      ).length,
      unfinished: (await runtime.stores.requests.unfinished('demo')).length,
    };
  } finally {
    await runtime.close();
  }
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `account changes across processes on ${target.name}`,
    () => {
      let location: TestLocation;
      let child: ChildProcess | undefined;
      beforeAll(async () => {
        location = await target.prepare();
      });
      afterAll(async () => {
        child?.kill('SIGKILL');
        await location?.dispose();
      });

      it('confirms in a process killed after the change, and a worker finishes it without cancelling twice', async () => {
        const offered = await runCliJson<DeskResult>(
          ['ask', '--customer', 'cus_12', 'I want to cancel my order'],
          location.env,
        );
        expect(offered.json.reply).toContain("Here is exactly what we'd do: Cancel order ord_1028");

        child = await startCliUntil(
          ['ask', '--customer', 'cus_12', '--thread', offered.json.threadId, 'yes please'],
          { ...location.env, FRONTDESK_FAILPOINT: 'pause-after:account-change' },
          'FAILPOINT pause-after:account-change',
        );
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
        child = undefined;
        expect(await cancellations(location, offered.json.threadId)).toMatchObject({
          performed: 1,
          status: 'cancelled',
          unfinished: 1,
        });

        const recovered = await runCliJson<{ recovered: DeskResult[] }>(['worker', '--once'], location.env);
        expect(recovered.code).toBe(0);
        const [result] = recovered.json.recovered;
        expect(result?.status).toBe('delivered');
        expect(result?.reply).toContain('Done — order ord_1028 is now cancelled');
        expect(result?.decisions.map((decision) => decision.outcome)).toContain('already-performed');
        expect(await cancellations(location, offered.json.threadId)).toEqual({
          performed: 1,
          status: 'cancelled',
          audited: 1,
          unfinished: 0,
        });
      }, 180_000); // four processes start one after the other: a busy machine needs more than a minute
    },
  );
}
