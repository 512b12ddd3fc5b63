// Every node calls tools as itself: the registry checks the call against that agent's allow-list and
// records it as one of that agent's decisions (personal data masked), beside its steps. On the embedded
// database and on PostgreSQL.
import { HumanMessage } from '@langchain/core/messages';
import { END, START, StateGraph } from '@langchain/langgraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/http.js';
import { loadLocalEngine } from '../reasoning/local/load.js';
import { runtimeTargets } from '../testing/runtime.js';
import { builtinAllowList } from '../tools/client/allow.js';
import { inMemoryConnection } from '../tools/client/connections.js';
import { McpToolRegistry } from '../tools/client/mcp-registry.js';
import { DecisionToolCallRecorder } from '../tools/client/recorder.js';
import type { ToolCaller } from '../tools/registry.js';
import type { GraphDeps } from './deps.js';
import { StoreJournal } from '../runs/journal.js';
import { triageNode } from './nodes/triage.js';
import { SupportState } from './state.js';

const tenantId = 'demo';

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`tool calls as decisions on ${target.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(target);
    });
    afterAll(async () => t?.dispose());

    /** The graph's dependencies with the runtime's own parts, and the tools registry given. */
    const depsWith = async (tools: GraphDeps['tools']): Promise<GraphDeps> => ({
      tools,
      reasoning: (await loadLocalEngine(t.runtime.db, tenantId)).engine,
      journal: new StoreJournal(t.runtime.db, t.runtime.stores),
      policy: { refundLimitMajor: 500, approvalDeadlineHours: 24 },
      failpoint: () => Promise.resolve(),
      now: () => new Date(),
    });

    /** Triage alone, run as LangGraph runs it, on one customer message. */
    const runTriage = (deps: GraphDeps, id: string) =>
      new StateGraph(SupportState)
        .addNode('triage', triageNode(deps))
        .addEdge(START, 'triage')
        .addEdge('triage', END)
        .compile()
        .invoke({
          tenantId,
          requestId: `req-${id}`,
          customerId: 'cus_01',
          conversationId: `th-${id}`,
          messages: [new HumanMessage('How do I reset my password?')],
        });

    it("records each node's tool calls as its decisions, with personal data masked, beside unchanged steps", async () => {
      const result = await t.runtime.desk.ask({
        customerId: 'cus_01',
        text: 'How do I reset my password? Reach me at alice.new@example.com or +1 503 555 0199.',
      });
      // The steps are what they were: no tool call among them.
      expect(result.decisions.map((d) => d.agent)).toEqual([
        'supervisor',
        'triage',
        'research',
        'solution',
        'quality',
        'deliver',
      ]);
      const callsBy = (agent: string) =>
        result.toolCalls.filter((call) => call.agent === agent).map((call) => call.tool);
      expect(callsBy('triage')).toEqual(['crm.get_customer']);
      expect(callsBy('research')).toEqual(expect.arrayContaining(['knowledge.search', 'crm.list_orders']));
      // Research uses the customer's record triage read this turn, rather than reading it again.
      expect(callsBy('research')).not.toContain('crm.get_customer');
      expect(result.toolCalls.every((call) => call.outcome === 'ok' && call.resultBytes > 0)).toBe(true);
      expect(result.toolCalls.find((call) => call.agent === 'triage')?.arguments).toEqual({
        customerId: 'cus_01',
      });
      const search = result.toolCalls.find((c) => c.agent === 'research' && c.tool === 'knowledge.search');
      const query = (search?.arguments as { query?: string } | undefined)?.query ?? '';
      expect(query).toContain('Reach me at a***@***');
      expect(query).not.toMatch(/example\.com|555/);
      // The triaged intent's words go apart, as hints, not into the customer's question.
      expect(search?.arguments).toMatchObject({ hints: ['reset', 'password'] });
      expect(query).toMatch(/^How do I reset my password\? Reach me at/);
      expect(query).not.toMatch(/\nreset password/);

      // The trail holds both kinds; usage counts the steps only.
      const trail = (await t.runtime.stores.decisions.byConversation(tenantId, result.threadId)).filter(
        (d) => d.requestId === result.requestId,
      );
      expect(trail.filter((d) => d.kind === 'step')).toHaveLength(result.decisions.length);
      expect(trail.filter((d) => d.kind === 'tool_call').map((d) => d.id)).toEqual(
        result.toolCalls.map((call) => call.id),
      );
      const usage = await t.runtime.stores.decisions.usageOfRequest(tenantId, result.requestId);
      expect(usage.steps).toBe(result.decisions.length);

      // Each call is announced as it is recorded, for the live feed: one event per call. Parallel research
      // branches commit in their own order, so the two lists are compared as sets.
      const announced = await t.runtime.db.query<{ data: { decisionId: string; tool: string } }>(
        `SELECT data FROM outbox WHERE tenant_id = $1 AND request_id = $2 AND type = 'agent.tool_called'`,
        [tenantId, result.requestId],
      );
      const sorted = (ids: string[]) => [...ids].sort();
      expect(sorted(announced.map((row) => row.data.decisionId))).toEqual(
        sorted(result.toolCalls.map((call) => call.id)),
      );
      expect(sorted(announced.map((row) => row.data.tool))).toEqual(
        sorted(result.toolCalls.map((call) => call.tool)),
      );

      // The dashboard's timeline shows them as decisions with what was asked and what came back.
      const response = await t.app.inject({
        url: `/v1/threads/${result.threadId}/decisions`,
        headers: { authorization: await t.bearer('agent') },
      });
      const { decisions } = response.json<{
        decisions: Array<{ kind: string; agent: string; reasons: string[]; toolCall?: unknown }>;
      }>();
      expect(decisions.find((d) => d.kind === 'tool_call' && d.agent === 'triage')).toMatchObject({
        outcome: 'ok',
        confidence: 1,
        reasons: [expect.stringMatching(/^crm\.get_customer \{"customerId":"cus_01"\}: \d+ bytes$/)],
        toolCall: { tool: 'crm.get_customer', arguments: { customerId: 'cus_01' } },
      });
      expect(JSON.stringify(decisions)).not.toContain('alice.new@example.com');
    });

    it('refuses a node a tool outside its allow-list, and records the refusal as its decision', async () => {
      // The same servers, with triage's list emptied: triage's own call must now be refused.
      const tools = new McpToolRegistry({
        connections: [inMemoryConnection('crm', t.runtime.mcp.server('crm', { kind: 'desk' }))],
        recorder: new DecisionToolCallRecorder(t.runtime.stores),
        logger: t.runtime.logger,
        builtinAllow: { ...builtinAllowList, triage: [] },
      });
      try {
        await expect(runTriage(await depsWith(tools), 'refused')).rejects.toMatchObject({
          code: 'TOOL_FORBIDDEN',
          details: { tool: 'crm.get_customer', agent: 'triage' },
        });
      } finally {
        await tools.close();
      }
      const trail = await t.runtime.stores.decisions.byConversation(tenantId, 'th-refused');
      expect(trail).toMatchObject([
        {
          kind: 'tool_call',
          agent: 'triage',
          outcome: 'refused',
          toolCall: {
            tool: 'crm.get_customer',
            arguments: { customerId: 'cus_01' },
            resultBytes: 0,
            error: expect.stringMatching(/^TOOL_FORBIDDEN: Agent triage may not call crm\.get_customer/),
          },
        },
      ]);

      // With the desk's own list the same node runs, and its call is its decision.
      await runTriage(await depsWith(t.runtime.mcp.registry), 'allowed');
      // The step's records wait for its checkpoint to carry them; this graph has no checkpointer.
      await t.runtime.stores.trail.flush('th-allowed');
      const allowed = await t.runtime.stores.decisions.byConversation(tenantId, 'th-allowed');
      expect(allowed.map((d) => [d.kind, d.agent, d.outcome])).toEqual([
        ['tool_call', 'triage', 'ok'],
        ['step', 'triage', 'password_reset'],
      ]);
    });

    it('refuses an agent a tool outside its list, and a caller that names no agent, masking what was asked', async () => {
      const state = {
        tenantId,
        requestId: 'req-lookup',
        customerId: 'cus_01',
        conversationId: 'th-lookup',
      };
      const asTriage = { ...state, agent: 'triage' } satisfies ToolCaller;
      await expect(
        t.runtime.mcp.registry.callTool('crm.find_customer', { email: 'ben.okafor@example.com' }, asTriage),
      ).rejects.toMatchObject({ code: 'TOOL_FORBIDDEN' });
      await expect(
        t.runtime.mcp.registry.call(
          'orders.refund',
          {
            orderId: 'ord_1001',
            amountMinor: 100,
            currency: 'USD',
            reason: 'x',
            idempotencyKey: 'never-0001',
          },
          asTriage,
        ),
      ).rejects.toMatchObject({ code: 'TOOL_FORBIDDEN' });
      // A plain JavaScript caller that leaves the agent out reaches nothing, built-in servers included.
      const unnamed = { ...state } as ToolCaller;
      await expect(
        t.runtime.mcp.registry.call('knowledge.search', { query: 'password' }, unnamed),
      ).rejects.toMatchObject({ code: 'TOOL_FORBIDDEN' });

      const trail = await t.runtime.stores.decisions.byConversation(tenantId, 'th-lookup', 'tool_call');
      expect(trail.map((d) => [d.agent, d.toolCall?.tool, d.outcome])).toEqual([
        ['triage', 'crm.find_customer', 'refused'],
        ['triage', 'crm.refund', 'refused'],
        ['(unnamed)', 'knowledge.search', 'refused'],
      ]);
      expect(trail[0]?.toolCall?.arguments).toEqual({ email: '***' });
      // No refused call touched the order.
      expect(await t.runtime.stores.actions.count(tenantId, 'refund', 'th-lookup')).toBe(0);
    });
  });
}
