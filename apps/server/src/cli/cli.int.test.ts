// The command line as a user runs it: separate processes, one JSON document per command, exit codes,
// an approval answered from a new process, and a worker killed mid-run that recovers without repeating.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskResult } from '../runs/index.js';
import { runCli, runCliJson, startCliUntil } from '../testing/cli.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../testing/runtime.js';

async function countRefunds(location: TestLocation, threadId: string) {
  const runtime = await openTestRuntime(location, {}, { work: false });
  try {
    const count = await runtime.stores.actions.count('demo', 'refund', threadId);
    const order = await runtime.stores.customers.order('demo', 'ord_1002');
    const request = (await runtime.stores.requests.unfinished('demo')).length;
    return { count, refundedMinor: order?.refundedMinor, unfinished: request };
  } finally {
    await runtime.close();
  }
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`frontdesk command on ${target.name}`, () => {
    let location: TestLocation;
    beforeAll(async () => {
      location = await target.prepare();
    });
    afterAll(async () => location?.dispose());

    it('lists customers with tiers and orders as one JSON document', async () => {
      const { code, json } = await runCliJson<{
        customers: Array<{ id: string; tier: string; orders: unknown[] }>;
      }>(['customers', 'list'], location.env);
      expect(code).toBe(0);
      expect(json.customers).toHaveLength(20);
      expect(json.customers.find((c) => c.id === 'cus_03')).toMatchObject({ tier: 'vip' });
      expect(json.customers[0]?.orders[0]).toMatchObject({
        id: 'ord_1001',
        status: 'delivered',
        total: { amountMinor: 74_900 },
      });
    });

    // Seven and four CLI processes in turn: each opens the database afresh, slow on a busy machine.
    it('pauses a large refund in one process and performs it once when approved from another', async () => {
      const stated = await runCliJson<DeskResult>(
        ['ask', '--customer', 'cus_01', 'My espresso machine arrived damaged, I need a refund'],
        location.env,
      );
      expect(stated.json.reply).toContain('Refund $749.00 for 1 × Barista Pro Espresso Machine');
      const asked = await runCliJson<DeskResult>(
        ['ask', '--customer', 'cus_01', '--thread', stated.json.threadId, 'Yes please'],
        location.env,
      );
      expect(asked.json.status).toBe('awaiting_approval');
      const listed = await runCliJson<{ approvals: Array<{ id: string }> }>(
        ['approvals', 'list'],
        location.env,
      );
      expect(listed.json.approvals.map((a) => a.id)).toContain(asked.json.approval!.id);
      const refused = await runCliJson(
        ['approvals', 'approve', asked.json.approval!.id, '--as', 'sam', '--role', 'agent'],
        location.env,
      );
      expect(refused.code).toBe(1);
      expect(refused.json).toMatchObject({ code: 'APPROVAL_ROLE_NOT_ALLOWED', status: 403 });
      const approved = await runCliJson<DeskResult>(
        ['approvals', 'approve', asked.json.approval!.id, '--as', 'ana', '--role', 'approver'],
        location.env,
      );
      expect(approved.code).toBe(0);
      expect(approved.json.status).toBe('delivered');
      expect(approved.json.reply).toContain('has been issued');
      const history = await runCliJson<{ checkpoints: Array<{ checkpointId: string }> }>(
        ['history', asked.json.threadId],
        location.env,
      );
      expect(history.json.checkpoints.length).toBeGreaterThan(5);
    }, 120_000);

    it('resumes a run killed with SIGKILL from its last checkpoint, refunding only once', async () => {
      const stated = await runCliJson<DeskResult>(
        [
          'ask',
          '--customer',
          'cus_02',
          'The tea towels were missing from my parcel, can I get a refund for them?',
        ],
        location.env,
      );
      let child: ChildProcess | undefined = await startCliUntil(
        ['ask', '--customer', 'cus_02', '--thread', stated.json.threadId, 'yes'],
        { ...location.env, FRONTDESK_FAILPOINT: 'pause-after:account-change' },
        'FAILPOINT pause-after:account-change',
      );
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      child = undefined;
      const recovered = await runCliJson<{ recovered: DeskResult[] }>(['worker', '--once'], location.env);
      expect(recovered.code).toBe(0);
      expect(recovered.json.recovered).toHaveLength(1);
      const [result] = recovered.json.recovered;
      expect(result?.status).toBe('delivered');
      expect(result?.reply).toMatch(/your refund of \$24\.50 for order ord_1002 has been issued/);
      const after = await countRefunds(location, result!.threadId);
      expect(after).toEqual({ count: 1, refundedMinor: 2450, unfinished: 0 });
    }, 120_000);

    it('erases a customer from every tier in one command, and refuses an unknown one', async () => {
      const asked = await runCliJson<DeskResult>(
        ['ask', '--customer', 'cus_20', 'How do I reset my password?'],
        location.env,
      );
      expect(asked.json.status).toBe('delivered');
      const forgotten = await runCliJson(['customers', 'forget', 'cus_20'], location.env);
      expect(forgotten.code).toBe(0);
      expect(forgotten.json).toMatchObject({ customerId: 'cus_20', customer: true });
      const listed = await runCliJson<{ customers: Array<{ id: string }> }>(
        ['customers', 'list'],
        location.env,
      );
      expect(listed.json.customers.map((c) => c.id)).not.toContain('cus_20');
      const history = await runCliJson(['history', asked.json.threadId], location.env);
      expect(history.json.code).toBe('THREAD_NOT_FOUND');
      const again = await runCliJson(['customers', 'forget', 'cus_20'], location.env);
      expect([again.code, again.json.code]).toEqual([1, 'CUSTOMER_NOT_FOUND']);
    });

    it('answers bad input with a stable code and a non-zero exit', async () => {
      const empty = await runCliJson(['ask', '--customer', 'cus_01', ' '], location.env);
      expect([empty.code, empty.json.code]).toEqual([1, 'MESSAGE_EMPTY']);
      const unknown = await runCliJson(['ask', '--customer', 'cus_404', 'hi'], location.env);
      expect([unknown.code, unknown.json.code]).toEqual([1, 'CUSTOMER_NOT_FOUND']);
      const thread = await runCliJson(['history', 'th_missing'], location.env);
      expect([thread.code, thread.json.code]).toEqual([1, 'THREAD_NOT_FOUND']);
      const usage = await runCli(['approvals', 'approve'], location.env);
      expect(usage.code).toBe(2);
    });
  });
}

describe('frontdesk command configuration', () => {
  it('refuses a malformed DATABASE_URL, naming the variable', async () => {
    const run = await runCliJson(['customers', 'list'], { DATABASE_URL: 'not a url' });
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'CONFIG_INVALID', variables: ['DATABASE_URL'] });
    expect(run.json.detail).toContain('DATABASE_URL');
  });
});
