// The built-in servers over the real transports: stdio (`frontdesk mcp SERVER` as a child process) and
// Streamable HTTP on the API (/mcp/SERVER, with its authentication and roles), through the MCP SDK's client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/http.js';
import { frontdeskBin } from '../testing/cli.js';
import { runtimeTargets } from '../testing/runtime.js';
import { callTool } from '../testing/mcp-client.js';

const targets = await runtimeTargets();
const embedded = targets.find((target) => target.name === 'embedded')!;
const childEnv = (env: Record<string, string>) =>
  ({ ...process.env, LOG_LEVEL: 'warn', ...env }) as Record<string, string>;

/** `frontdesk mcp ARGS…` as a child process on the location, with the SDK client connected to it. */
async function connectStdio(client: Client, args: string[], env: Record<string, string>): Promise<void> {
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [frontdeskBin, 'mcp', ...args],
      env: childEnv(env),
      stderr: 'pipe',
    }),
  );
}

for (const target of targets) {
  describe.skipIf(target.skipReason)(`frontdesk mcp crm over stdio on ${target.name}`, () => {
    it('serves the CRM to the SDK client: a confirmed refund happens once', async () => {
      const location = await target.prepare();
      const client = new Client({ name: 'stdio-test', version: '1.0.0' });
      try {
        await connectStdio(client, ['crm', '--role', 'agent', '--as', 'sam'], location.env);
        const found = await callTool(client, 'find_customer', { name: 'Ben Okafor', postcode: '43215' });
        expect(found.data.customers).toMatchObject([{ id: 'cus_02' }]);
        const refund = {
          customerId: 'cus_02',
          orderId: 'ord_1002',
          amountMinor: 2000,
          currency: 'USD',
          reason: 'late',
          idempotencyKey: 'stdio-refund-0001',
          verification: { email: 'ben.okafor@example.com', postcode: '43215' },
        };
        const stated = await callTool(client, 'refund', refund);
        expect(stated.data.status).toBe('needs_confirmation');
        const confirmed = { ...refund, confirmationToken: stated.data.confirmationToken };
        expect((await callTool(client, 'refund', confirmed)).data.status).toBe('performed');
        expect((await callTool(client, 'refund', confirmed)).data.status).toBe('already_performed');
        const order = await callTool(client, 'get_order', { orderId: 'ord_1002' });
        expect(order.data.order).toMatchObject({ refundedMinor: 2000 });
        const bad = await callTool(client, 'get_order', {});
        expect([bad.isError, /orderId/.test(bad.text)]).toEqual([true, true]);
      } finally {
        await client.close();
        await location.dispose();
      }
    });
  });
}

describe('frontdesk mcp knowledge over stdio as a customer', () => {
  it('lists only the customer tools, searches, and names a missing field in a tool error', async () => {
    const location = await embedded.prepare();
    const client = new Client({ name: 'stdio-customer-test', version: '1.0.0' });
    try {
      await connectStdio(client, ['knowledge', '--role', 'customer', '--customer', 'cus_01'], location.env);
      const listed = await client.listTools();
      expect(listed.tools.map((tool) => tool.name)).toEqual(['search', 'get_article', 'list_categories']);
      const found = await callTool(client, 'search', { query: 'reset password', limit: 1 });
      expect(found.data).toMatchObject({ articles: [{ id: 'reset-your-password' }] });
      const bad = await callTool(client, 'get_article', {});
      expect([bad.isError, bad.text]).toEqual([true, expect.stringContaining('articleId')]);
    } finally {
      await client.close();
      await location.dispose();
    }
  });
});

for (const target of targets) {
  describe.skipIf(target.skipReason)(`MCP over Streamable HTTP on the API on ${target.name}`, () => {
    let api: TestApp;
    let url: string;
    beforeAll(async () => {
      api = await startTestApp(target);
      url = await api.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => api?.dispose());

    const connect = async (server: string, authorization?: string) => {
      const client = new Client({ name: 'http-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp/${server}`), {
          requestInit: { headers: authorization ? { authorization } : {} },
        }),
      );
      return client;
    };

    it('serves the CRM to a signed-in agent', async () => {
      const client = await connect('crm', await api.bearer('agent'));
      const found = await callTool(client, 'find_customer', { email: 'alice.moreno@example.com' });
      expect(found.data.customers).toMatchObject([{ id: 'cus_01' }]);
      await client.close();
    });

    it('serves analytics to an approver with a bearer token', async () => {
      const client = await connect('analytics', await api.bearer('approver'));
      const listed = await client.listTools();
      expect(listed.tools.map((tool) => tool.name)).toEqual([
        'dashboard_summary',
        'list_queries',
        'run_query',
      ]);
      const ran = await callTool(client, 'run_query', { query: 'actions_performed' });
      expect(ran.data).toMatchObject({ query: 'actions_performed' });
      await client.close();
    });

    it('refuses unauthenticated calls and roles a server does not admit', async () => {
      const initialize = {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      };
      const post = (server: string, headers: Record<string, string> = {}) =>
        fetch(`${url}/mcp/${server}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...headers,
          },
          body: JSON.stringify(initialize),
        });
      const anonymous = await post('crm');
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      const forged = await post('crm', { authorization: 'Bearer not-a-token' });
      expect(forged.status).toBe(401);
      const asAgent = await post('analytics', { authorization: await api.bearer('agent') });
      expect(asAgent.status).toBe(403);
      expect(await asAgent.json()).toMatchObject({ code: 'TOOL_FORBIDDEN' });
      expect((await post('nope', { authorization: await api.bearer('admin') })).status).toBe(404);
      await expect(connect('crm')).rejects.toThrow();
    });

    it('limits a customer to their own account and to customer tools', async () => {
      const client = await connect('crm', await api.bearer('customer', 'cus_01'));
      const own = await callTool(client, 'get_customer', { customerId: 'cus_01' });
      expect(own.data.customer).toMatchObject({ id: 'cus_01' });
      expect((await callTool(client, 'get_customer', { customerId: 'cus_02' })).code).toBe(
        'CUSTOMER_NOT_FOUND',
      );
      expect((await callTool(client, 'find_customer', { email: 'ben.okafor@example.com' })).code).toBe(
        'TOOL_FORBIDDEN',
      );
      await client.close();
    });

    it('lets other agents ask the desk and an approver answer its approval', async () => {
      const desk = await connect('desk', await api.bearer('agent'));
      const stated = await callTool(desk, 'ask', {
        customerId: 'cus_01',
        text: 'My espresso machine arrived damaged, I need a refund',
      });
      const asked = await callTool(desk, 'ask', {
        customerId: 'cus_01',
        text: 'yes',
        threadId: stated.data.threadId,
      });
      expect(asked.data.status).toBe('awaiting_approval');
      const approvalId = (asked.data.approval as { id: string }).id;
      const answered = await callTool(desk, 'answer_approval', { approvalId, decision: 'approve' });
      expect(answered.code).toBe('APPROVAL_ROLE_NOT_ALLOWED');
      const asApprover = await connect('desk', await api.bearer('approver', 'ana'));
      const approved = await callTool(asApprover, 'answer_approval', { approvalId, decision: 'approve' });
      expect(approved.data).toMatchObject({ status: 'delivered' });
      const audit = await api.runtime.stores.audit.forSubject('demo', 'approval', approvalId);
      expect(audit).toMatchObject([{ actor: 'ana', actorRole: 'approver' }]);
      await desk.close();
      await asApprover.close();
    });
  });
}
