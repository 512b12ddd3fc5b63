// One conformance suite for the ToolRegistry port, run against both adapters: the in-process registry over
// the built-in handlers, and the MCP client registry over the built-in servers in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { builtinToolHandlers } from './builtin.js';
import { LocalToolRegistry, type ToolCaller, type ToolRegistry } from './registry.js';

const embedded = (await runtimeTargets()).find((target) => target.name === 'embedded')!;
let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime(embedded);
});
afterAll(async () => t?.dispose());

const adapters: Array<{ name: string; registry: () => ToolRegistry }> = [
  { name: 'LocalToolRegistry', registry: () => new LocalToolRegistry(builtinToolHandlers(t.runtime.stores)) },
  { name: 'McpToolRegistry', registry: () => t.runtime.mcp.registry },
];

for (const adapter of adapters) {
  describe(`the tools port: ${adapter.name}`, () => {
    // Each call names the agent that makes it in the graph (the MCP registry checks its allow-list).
    const context = (customerId: string, suffix: string, agent = 'research'): ToolCaller => ({
      tenantId: 'demo',
      requestId: `req-${adapter.name}-${suffix}`,
      conversationId: `th-${adapter.name}-${suffix}`,
      customerId,
      agent,
    });

    it('answers catalogue reads with validated output', async () => {
      const tools = adapter.registry();
      const { articles } = await tools.call(
        'knowledge.search',
        { query: 'reset my password' },
        context('cus_01', 'r'),
      );
      expect(articles.length).toBeGreaterThan(0);
      expect(articles.length).toBeLessThanOrEqual(3);
      // Hints (the words the help centre files a need under) reach the search.
      const hinted = await tools.call(
        'knowledge.search',
        { query: 'my field jacket', hints: ['return', 'exchange'] },
        context('cus_01', 'r'),
      );
      expect(hinted.articles.map((article) => article.title)).toContain('Exchange an item');
      const { customer } = await tools.call(
        'crm.get_customer',
        { customerId: 'cus_03' },
        context('cus_03', 'r'),
      );
      expect(customer).toEqual({
        id: 'cus_03',
        name: 'Chloe Hart',
        email: 'chloe.hart@example.org',
        tier: 'vip',
      });
      expect(
        (await tools.call('crm.get_customer', { customerId: 'cus_404' }, context('cus_01', 'r'))).customer,
      ).toBeNull();
      const { orders } = await tools.call('orders.list', { customerId: 'cus_01' }, context('cus_01', 'r'));
      expect(orders.map((order) => order.id)).toContain('ord_1001');
    });

    it('refuses bad input naming the field, and unknown tools', async () => {
      const tools = adapter.registry();
      await expect(
        tools.call('crm.get_customer', { customerId: '' }, context('cus_01', 'bad')),
      ).rejects.toMatchObject({ code: 'TOOL_INPUT_INVALID', details: { fields: [{ field: 'customerId' }] } });
      await expect(
        tools.call(
          'knowledge.search',
          { query: 'refund', hints: Array(9).fill('refund') },
          context('cus_01', 'bad'),
        ),
      ).rejects.toMatchObject({ code: 'TOOL_INPUT_INVALID', details: { fields: [{ field: 'hints' }] } });
      await expect(tools.callTool('nowhere.at_all', {}, context('cus_01', 'bad'))).rejects.toMatchObject({
        code: 'TOOL_NOT_FOUND',
      });
    });

    it('performs a write once per idempotency key, and moves no money unconfirmed', async () => {
      const tools = adapter.registry();
      const key = `${adapter.name}:refund-ord_1004`;
      const refund = {
        orderId: 'ord_1004',
        amountMinor: 100,
        currency: 'USD',
        reason: 'goodwill',
        idempotencyKey: key,
      };
      // No money moves on a tool call alone: without the customer's yes on record (or an approver), a refund
      // comes back asking for confirmation, however often it is called.
      for (let i = 0; i < 2; i += 1) {
        await expect(
          tools.call('orders.refund', refund, context('cus_01', 'w', 'deliver')),
        ).rejects.toMatchObject({
          code: 'TOOL_FAILED',
          message: expect.stringMatching(/needs_confirmation/),
        });
      }
      const ticket = {
        customerId: 'cus_01',
        subject: 'Help',
        body: 'Please call me',
        priority: 5,
        idempotencyKey: `${adapter.name}:ticket`,
      };
      const opened = await tools.call('tickets.create', ticket, context('cus_01', 'w', 'external'));
      const reopened = await tools.call('tickets.create', ticket, context('cus_01', 'w', 'external'));
      expect([opened.performed, reopened.performed]).toEqual([true, false]);
      expect(reopened.ticketId).toBe(opened.ticketId);
      expect(opened.ticketId).toMatch(/^T-[0-9A-F]{10}$/);
    });

    it('lists the tools an agent may call', async () => {
      const names = (await adapter.registry().listTools('research')).map((tool) => tool.name);
      expect(names).toContain('knowledge.search');
    });
  });
}
