// Specialist skills over the MCP tools, and the desk synthesising their lines into one reply; and a refund
// that is retried, resumed and replayed through MCP happening exactly once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { approver, callTool, connectTo } from '../testing/mcp-client.js';
import { orderManagement } from './orders.js';
import { personalisation } from './personalisation.js';
import { productRecommendation } from './recommendation.js';
import { chooseSkills, runSkills } from './supervisor.js';
import { stepsShown } from './troubleshooting.js';

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason)(`specialist skills on ${target.name}`, () => {
    let t: TestRuntime;
    beforeAll(async () => {
      t = await startTestRuntime(target);
    });
    afterAll(async () => t?.dispose());
    const input = (customerId: string, intent: string, text: string) => ({
      tools: t.runtime.mcp.registry,
      context: {
        tenantId: 'demo',
        requestId: `req-${customerId}`,
        conversationId: `th-${customerId}`,
        customerId,
      },
      intent,
      text,
    });

    it('runs several skills side by side for one request', async () => {
      const chosen = chooseSkills('cancel_order', 'Please cancel my order').map((skill) => skill.name);
      expect(chosen).toEqual(['orders', 'personalisation', 'external']);
      const reports = await runSkills(
        chooseSkills('cancel_order', 'cancel'),
        input('cus_12', 'cancel_order', 'Please cancel my order'),
      );
      expect(reports.map((report) => report.skill)).toEqual(chosen);
      expect(reports[0]?.replyLines[0]).toMatch(
        /^Order ord_1028 .* hasn't shipped yet, so it can still be cancelled/,
      );
    });

    it('personalises from the customer record the turn already read, asking only for preferences', async () => {
      const calls = vi.spyOn(t.runtime.mcp.registry, 'callTool');
      try {
        const [given] = await runSkills([personalisation], {
          ...input('cus_03', 'other', 'hello'),
          customer: { tier: 'vip' },
        });
        expect(given?.facts[0]).toBe('tier: vip');
        expect(calls.mock.calls.map(([name]) => name)).toEqual(['crm.get_preferences']);
        // Without it, the skill reads the record itself.
        calls.mockClear();
        const [read] = await runSkills([personalisation], input('cus_03', 'other', 'hello'));
        expect(read?.facts[0]).toBe('tier: vip');
        expect(calls.mock.calls.map(([name]) => name).sort()).toEqual([
          'crm.get_customer',
          'crm.get_preferences',
        ]);
      } finally {
        calls.mockRestore();
      }
    });

    it('knows a shipped order needs a person to cancel, and a processing one can be re-addressed', async () => {
      const [shipped] = await runSkills(
        [orderManagement],
        input('cus_04', 'cancel_order', 'cancel ord_1009'),
      );
      expect(shipped?.replyLines[0]).toContain('ord_1009 has already shipped');
      const [address] = await runSkills(
        [orderManagement],
        input('cus_17', 'change_address', 'new address please'),
      );
      expect(address?.replyLines[0]).toContain('ord_1037 hasn');
    });

    it('says what can still be done for an order past the return window, promising no person', async () => {
      const [late] = await runSkills(
        [orderManagement],
        input('cus_06', 'return_or_exchange', 'how long do I have to send something back'),
      );
      expect(late?.replyLines[0]).toMatch(/outside our 30-day window, so it can no longer be returned/);
      expect(late?.replyLines.join(' ')).not.toMatch(/member of our team|a person will/);
    });

    it('remembers the steps a sent reply gave, goes on from them next time, and hands off once all were tried', async () => {
      const { tenantId } = t.runtime.config;
      const given = async () =>
        (
          (await t.runtime.mcp.registry.callTool(
            'crm.troubleshooting_history',
            { customerId: 'cus_05', problem: 'cant-sign-in' },
            {
              tenantId,
              requestId: 'req-history',
              conversationId: 'th-history',
              customerId: 'cus_05',
              agent: 'troubleshooting',
            },
          )) as { steps: string[] }
        ).steps;
      const ask = () => t.runtime.desk.ask({ customerId: 'cus_05', text: "I can't sign in to my account" });

      const first = await ask();
      expect(first.status).toBe('delivered');
      expect(first.reply).toContain(`Try these steps first, from "Can't sign in to your account":`);
      const afterFirst = await given();
      // Exactly the steps the customer was shown, and each of them is in the reply.
      expect(afterFirst).toHaveLength(4);
      expect(stepsShown(first.reply!, afterFirst)).toEqual(afterFirst);

      const second = await ask();
      expect(second.status).toBe('delivered');
      expect(second.reply).toContain("You've already tried: Caps Lock; Email address; Saved passwords;");
      const afterSecond = await given();
      const added = afterSecond.filter((step) => !afterFirst.includes(step));
      expect(added.length).toBeGreaterThan(0);
      expect(stepsShown(second.reply!, added)).toEqual(added);
      expect(stepsShown(first.reply!, added)).toEqual([]);

      // Every step given: a person looks at it, with what was tried written up for them.
      const third = await ask();
      expect(third.status).toBe('escalated');
      expect(third.approval?.reason).toBe(
        `the customer already tried every step of "Can't sign in to your account"`,
      );
      expect(third.approval?.proposedAction).toMatchObject({
        body: expect.stringContaining('Already tried (cant-sign-in): Caps Lock; Email address'),
      });
    });

    it('counts a step as tried for 30 days, and remembers one given again after that afresh', async () => {
      const caller = {
        tenantId: t.runtime.config.tenantId,
        requestId: 'req-window',
        conversationId: 'th-window',
        customerId: 'cus_19',
        agent: 'troubleshooting',
      };
      const record = async (steps: string[]) =>
        (
          (await t.runtime.mcp.registry.callTool(
            'crm.record_troubleshooting',
            { customerId: 'cus_19', problem: 'window-test', steps, conversationId: 'th-window' },
            // Delivery remembers what a sent reply gave; the skill itself only reads.
            { ...caller, agent: 'deliver' },
          )) as { remembered: number }
        ).remembered;
      const history = async () =>
        (
          (await t.runtime.mcp.registry.callTool(
            'crm.troubleshooting_history',
            { customerId: 'cus_19', problem: 'window-test' },
            caller,
          )) as { steps: string[] }
        ).steps;
      await expect(
        t.runtime.mcp.registry.callTool(
          'crm.record_troubleshooting',
          {
            customerId: 'cus_19',
            problem: 'window-test',
            steps: ['Restart it'],
            conversationId: 'th-window',
          },
          caller,
        ),
      ).rejects.toThrow(/not allowed|may not/i);
      expect(await record(['Restart it', 'Update it', 'Restart it'])).toBe(2);
      expect(await record(['Update it'])).toBe(0);
      await t.runtime.db.query(
        `UPDATE troubleshooting_attempts SET created_at = now() - interval '31 days'
         WHERE tenant_id = $1 AND customer_id = 'cus_19' AND problem = 'window-test' AND step = 'Restart it'`,
        [caller.tenantId],
      );
      expect(await history()).toEqual(['Update it']);
      expect(await record(['Restart it', 'Update it'])).toBe(1);
      expect((await history()).sort()).toEqual(['Restart it', 'Update it']);
    });

    it('asks the help centre, through the desk, exactly what research asks', async () => {
      const result = await t.runtime.desk.ask({
        customerId: 'cus_06',
        text: "Hi there, I can't log in to my account, it just says wrong password. Thanks, Sam",
      });
      // The customer's need without the greeting, with the intent's words as hints: one search for
      // both (see inProcessTools), whose best article the skill follows.
      const searches = result.toolCalls.filter((call) => call.tool === 'knowledge.search');
      expect(searches.map((call) => call.agent).sort()).toEqual(['research', 'troubleshooting']);
      expect(searches[0]?.arguments).toEqual(searches[1]?.arguments);
      expect(searches[0]?.arguments).toMatchObject({ hints: expect.any(Array) });
      expect((searches[0]?.arguments as { query: string }).query).toMatch(/^I can't log in/);
      // The skill follows the article the reply cites, not merely the search's first.
      const cited = result.decisions.find((decision) => decision.agent === 'solution')?.reasons;
      const history = result.toolCalls.find((call) => call.tool === 'crm.troubleshooting_history');
      const problem = (history?.arguments as { problem: string }).problem;
      expect(cited).toContain(`cites ${problem}`);
    });

    it('recommends from the catalogue what the customer does not own yet', async () => {
      const report = await productRecommendation.run(
        input('cus_01', 'product_question', 'Can you recommend something for my kitchen?'),
      );
      expect(report.replyLines[0]).toMatch(
        /^Based on what you've bought from us before, you might like the /,
      );
      const { orders } = (await t.runtime.mcp.registry.callTool(
        'crm.list_orders',
        { customerId: 'cus_01' },
        { ...input('cus_01', '', '').context, agent: 'orders' },
      )) as {
        orders: Array<{ items: string[] }>;
      };
      const owned = orders.flatMap((order) => order.items);
      for (const name of owned) expect(report.replyLines[0]).not.toContain(name.replace(/^\d+ × /, ''));
    });

    it('synthesises the order skill and the preferred name into the desk reply', async () => {
      const crm = await connectTo(t.runtime, 'crm', approver());
      await callTool(crm, 'set_preferences', {
        customerId: 'cus_04',
        preferences: { preferredName: 'Dani' },
      });
      const result = await t.runtime.desk.ask({ customerId: 'cus_04', text: 'Where is my order?' });
      expect(result.status).toBe('delivered');
      expect(result.reply).toMatch(/^Hi Dani,/);
      expect(result.reply).toMatch(/Order ord_\d+ (has shipped and is on its way|was delivered|, placed)/);
      await crm.close();
    });

    it('performs a desk refund once however it is retried, resumed or replayed', async () => {
      const stated = await t.runtime.desk.ask({
        customerId: 'cus_01',
        text: 'The espresso machine came broken, I need a refund',
      });
      const asked = await t.runtime.desk.ask({
        customerId: 'cus_01',
        text: 'yes',
        threadId: stated.threadId,
      });
      expect(asked.status).toBe('awaiting_approval');
      const desk = await connectTo(t.runtime, 'desk', approver());
      const approvalId = asked.approval!.id;
      const resumed = await callTool(desk, 'answer_approval', { approvalId, decision: 'approve' });
      expect(resumed.data.status).toBe('delivered');
      expect((await callTool(desk, 'answer_approval', { approvalId, decision: 'approve' })).code).toBe(
        'APPROVAL_ALREADY_ANSWERED',
      );
      const refunds = () => t.runtime.stores.actions.count('demo', 'refund', asked.threadId);
      expect(await refunds()).toBe(1);

      const history = await t.runtime.desk.history(asked.threadId);
      const beforeDelivery = history.find((checkpoint) => checkpoint.next.includes('account_change'))!;
      const replayed = await t.runtime.desk.replay(asked.threadId, beforeDelivery.checkpointId);
      expect(replayed.status).toBe('delivered');
      expect(await refunds()).toBe(1);

      // The same action retried by a person over MCP with its key finds it already done.
      const [key] = (
        await t.runtime.db.query<{ idempotency_key: string }>(
          `SELECT idempotency_key FROM actions WHERE conversation_id = $1 AND kind = 'refund'`,
          [asked.threadId],
        )
      ).map((row) => row.idempotency_key);
      const crm = await connectTo(t.runtime, 'crm', approver());
      const retried = await callTool(crm, 'refund', {
        customerId: 'cus_01',
        orderId: 'ord_1001',
        amountMinor: 74_900,
        currency: 'USD',
        reason: 'damaged',
        idempotencyKey: key,
        verification: { email: 'alice.moreno@example.com', postcode: '97214' },
      });
      expect(retried.data).toMatchObject({
        status: 'already_performed',
        result: { orderId: 'ord_1001', amountMinor: 74_900 },
      });
      expect((await t.runtime.stores.customers.order('demo', 'ord_1001'))?.refundedMinor).toBe(74_900);
      await desk.close();
      await crm.close();
    });
  });
}
