// The built-in MCP servers through the SDK's client over the in-memory transport: every tool has input and
// output schemas and says whether it writes; bad arguments name the field; roles are enforced; and the
// graph's own tool calls travel over MCP, recorded with personal data masked.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { builtinServerNames } from './servers/index.js';
import { admin, agent, approver, callTool, connectTo, customer } from '../testing/mcp-client.js';

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason)(`MCP servers in memory on ${target.name}`, () => {
    let t: TestRuntime;
    const clients: Client[] = [];
    const open = async (...args: Parameters<typeof connectTo> extends [unknown, ...infer R] ? R : never) => {
      const client = await connectTo(t.runtime, ...args);
      clients.push(client);
      return client;
    };
    beforeAll(async () => {
      t = await startTestRuntime(target);
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await t?.dispose();
    });

    it('describes every tool with input and output schemas and whether it reads or writes', async () => {
      for (const name of builtinServerNames) {
        const { tools } = await (await open(name, admin())).listTools();
        expect(tools.length).toBeGreaterThan(1);
        for (const tool of tools) {
          expect(tool.inputSchema.type, `${name}.${tool.name}`).toBe('object');
          expect(tool.outputSchema?.type, `${name}.${tool.name}`).toBe('object');
          expect(tool.description, `${name}.${tool.name}`).toMatch(/\((reads|writes);/);
          expect(tool.annotations?.readOnlyHint).toBe(tool._meta?.['frontdesk/access'] === 'read');
        }
      }
      const crm = await open('crm', agent());
      const names = (await crm.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'find_customer',
          'get_customer',
          'list_orders',
          'get_order',
          'update_contact_details',
        ]),
      );
    });

    it('searches the knowledge base, reads an article and lists categories', async () => {
      const knowledge = await open('knowledge', customer('cus_01'));
      const found = await callTool(knowledge, 'search', { query: 'reset my password', limit: 2 });
      const articles = found.data.articles as Array<{ id: string }>;
      expect(articles[0]?.id).toBe('reset-your-password');
      const article = await callTool(knowledge, 'get_article', { articleId: 'reset-your-password' });
      expect(article.data.article).toMatchObject({ id: 'reset-your-password' });
      const missing = await callTool(knowledge, 'get_article', { articleId: 'nope' });
      expect(missing.code).toBe('NOT_FOUND');
      const categories = (await callTool(knowledge, 'list_categories', {})).data.categories as Array<{
        articles: number;
      }>;
      expect(categories.reduce((sum, category) => sum + category.articles, 0)).toBeGreaterThanOrEqual(40);
    });

    it('finds customers by email or by name and postcode, and names the missing field', async () => {
      const crm = await open('crm', agent());
      const byEmail = await callTool(crm, 'find_customer', { email: 'ALICE.MORENO@example.com' });
      expect(byEmail.data.customers).toMatchObject([{ id: 'cus_01' }]);
      const byName = await callTool(crm, 'find_customer', { name: 'daniel reyes', postcode: '78704' });
      expect(byName.data.customers).toMatchObject([{ id: 'cus_04' }]);
      const nameOnly = await callTool(crm, 'find_customer', { name: 'Daniel Reyes' });
      expect(nameOnly).toMatchObject({ isError: true, code: 'VALIDATION_FAILED' });
      expect(nameOnly.text).toContain('postcode');
      const order = await callTool(crm, 'get_order', { orderId: 'ord_1009' });
      expect(order.data.order).toMatchObject({ customerId: 'cus_04', status: 'shipped' });
    });

    it('answers bad arguments with a tool error that names the field', async () => {
      const crm = await open('crm', agent());
      const wrongType = await callTool(crm, 'get_order', { orderId: 42 });
      expect(wrongType.isError).toBe(true);
      expect(wrongType.text).toMatch(/orderId/);
      const refund = await callTool(crm, 'refund', {
        customerId: 'cus_01',
        orderId: 'ord_1',
        amountMinor: -5,
      });
      expect(refund.isError).toBe(true);
      expect(refund.text).toMatch(/amountMinor/);
      expect(refund.text).toMatch(/idempotencyKey/);
    });

    it('refuses roles a tool or a server does not admit', async () => {
      const asCustomer = await open('crm', customer('cus_01'));
      expect((await callTool(asCustomer, 'find_customer', { email: 'ben.okafor@example.com' })).code).toBe(
        'TOOL_FORBIDDEN',
      );
      expect((await callTool(asCustomer, 'get_customer', { customerId: 'cus_02' })).code).toBe(
        'CUSTOMER_NOT_FOUND',
      );
      const analyticsAsAgent = await open('analytics', agent());
      expect((await callTool(analyticsAsAgent, 'list_queries', {})).code).toBe('TOOL_FORBIDDEN');
      const deskAsCustomer = await open('desk', customer('cus_01'));
      expect((await callTool(deskAsCustomer, 'list_approvals', {})).code).toBe('TOOL_FORBIDDEN');
    });

    it('creates, comments on, updates, lists and gets tickets from the tickets table', async () => {
      const tickets = await open('tickets', agent());
      const create = {
        customerId: 'cus_02',
        subject: 'Wobbly table',
        body: 'Leg came loose',
        priority: 4,
        idempotencyKey: 'ticket-table-1',
      };
      const created = await callTool(tickets, 'create', create);
      expect(created.data.status).toBe('performed');
      const ticketId = (created.data.result as { ticketId: string }).ticketId;
      expect((await callTool(tickets, 'create', create)).data.result).toEqual({ ticketId });

      const note = { ticketId, body: 'Asked for photos', internal: true, commentKey: 'note-0001' };
      expect((await callTool(tickets, 'comment', note)).data.added).toBe(true);
      expect((await callTool(tickets, 'comment', note)).data.added).toBe(false);
      const updated = await callTool(tickets, 'update', { ticketId, status: 'pending', assignee: 'sam' });
      expect(updated.data.ticket).toMatchObject({ status: 'pending', assignee: 'sam' });
      const listed = await callTool(tickets, 'list', { status: 'pending' });
      expect((listed.data.tickets as Array<{ id: string }>).map((ticket) => ticket.id)).toContain(ticketId);

      const got = await callTool(tickets, 'get', { ticketId });
      expect(got.data.comments).toMatchObject([{ body: 'Asked for photos', internal: true, author: 'sam' }]);
      const owner = await open('tickets', customer('cus_02'));
      expect((await callTool(owner, 'get', { ticketId })).data.comments).toEqual([]);
      const stranger = await open('tickets', customer('cus_01'));
      expect((await callTool(stranger, 'get', { ticketId })).code).toBe('TICKET_NOT_FOUND');
    });

    it('asks the desk for a customer, follows the thread and answers approvals by role', async () => {
      const deskAsCustomer = await open('desk', customer('cus_01'));
      const stated = await callTool(deskAsCustomer, 'ask', {
        customerId: 'cus_01',
        text: 'My espresso machine arrived damaged, I need a refund',
      });
      const asked = await callTool(deskAsCustomer, 'ask', {
        customerId: 'cus_01',
        text: 'yes',
        threadId: stated.data.threadId,
      });
      expect(asked.data).toMatchObject({
        status: 'awaiting_approval',
        approval: { allowedRoles: ['approver', 'admin'] },
      });
      const followed = await callTool(deskAsCustomer, 'follow_thread', { threadId: asked.data.threadId });
      const approvalId = (asked.data.approval as { id: string }).id;
      expect(followed.data.pendingApprovals).toEqual([approvalId]);
      expect((await callTool(deskAsCustomer, 'ask', { customerId: 'cus_02', text: 'hi' })).code).toBe(
        'CUSTOMER_NOT_FOUND',
      );

      const deskAsAgent = await open('desk', agent());
      const visible = (await callTool(deskAsAgent, 'list_approvals', {})).data.approvals as Array<{
        id: string;
      }>;
      expect(visible.map((approval) => approval.id)).not.toContain(approvalId);
      const refused = await callTool(deskAsAgent, 'answer_approval', { approvalId, decision: 'approve' });
      expect(refused.code).toBe('APPROVAL_ROLE_NOT_ALLOWED');

      const deskAsApprover = await open('desk', approver());
      const listed = (await callTool(deskAsApprover, 'list_approvals', {})).data.approvals as Array<{
        id: string;
      }>;
      expect(listed.map((approval) => approval.id)).toContain(approvalId);
      const approved = await callTool(deskAsApprover, 'answer_approval', { approvalId, decision: 'approve' });
      expect(approved.data.status).toBe('delivered');
      expect(approved.data.reply).toMatch(/has been issued/);
      const audit = await t.runtime.stores.audit.forSubject('demo', 'order', 'ord_1001');
      expect(audit).toMatchObject([{ actor: 'desk', action: 'action.refund' }]);
    });

    it('runs named analytics queries, and no other', async () => {
      const analytics = await open('analytics', approver());
      const outcomes = await callTool(analytics, 'run_query', { query: 'outcomes' });
      const rows = outcomes.data.rows as Array<{ outcome: string; requests: number }>;
      expect(rows.find((row) => row.outcome === 'delivered')?.requests).toBeGreaterThanOrEqual(1);
      const tools = await callTool(analytics, 'run_query', { query: 'tool_usage' });
      expect((tools.data.rows as Array<{ tool: string }>).map((row) => row.tool)).toContain(
        'knowledge.search',
      );
      const summary = await callTool(analytics, 'dashboard_summary', {});
      expect((summary.data.volumes as { requests: number }).requests).toBeGreaterThanOrEqual(1);
      const sql = await callTool(analytics, 'run_query', { query: 'SELECT * FROM customers' });
      expect(sql.isError).toBe(true);
      expect(sql.text).toContain('query');
    });

    it('records the graph’s tool calls with arguments masked, result size and duration', async () => {
      const { threadId } = await t.runtime.desk.ask({
        customerId: 'cus_01',
        text: 'How do I change my email address?',
      });
      const rows = await t.runtime.stores.decisions.byConversation('demo', threadId, 'tool_call');
      const tools = new Set(rows.map((row) => row.toolCall?.tool));
      expect([...tools]).toEqual(
        expect.arrayContaining(['knowledge.search', 'crm.get_customer', 'crm.list_orders']),
      );
      expect(
        rows.every((row) => row.outcome === 'ok' && row.toolCall!.resultBytes > 0 && row.durationMs >= 0),
      ).toBe(true);
      const customerCalls = rows.filter((row) => row.toolCall?.tool === 'crm.get_customer');
      expect(customerCalls[0]?.toolCall?.arguments).toEqual({ customerId: 'cus_01' });
      const withEmail = rows.find((row) => JSON.stringify(row.toolCall?.arguments).includes('email'));
      expect(JSON.stringify(withEmail?.toolCall?.arguments ?? {})).not.toMatch(/@example\.com/);
    });
  });
}
