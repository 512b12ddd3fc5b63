// An external MCP server from configuration, used by the research agent: its allow-listed tools are
// called with masked arguments and recorded; a slow tool times out and a dead server is reported, and
// the customer still gets an answer.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../testing/runtime.js';

const carrier = fileURLToPath(new URL('../testing/carrier-mcp-server.ts', import.meta.url));
const embedded = (await runtimeTargets()).find((target) => target.name === 'embedded')!;

describe('external MCP servers from configuration', () => {
  let location: TestLocation;
  let runtime: Runtime;
  beforeAll(async () => {
    location = await embedded.prepare();
    runtime = await openTestRuntime(location, {
      FRONTDESK_MCP_SERVERS: JSON.stringify([
        {
          name: 'carrier',
          command: process.execPath,
          args: ['--import', 'tsx', carrier],
          timeoutMs: 1_500,
          connectTimeoutMs: 30_000,
          allow: { research: ['track_parcel', 'slow_lookup'] },
        },
        {
          name: 'broken',
          command: process.execPath,
          args: ['-e', 'process.exit(3)'],
          timeoutMs: 2_000,
          allow: { research: ['*'] },
        },
      ]),
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await location?.dispose();
  });

  it('lists only the tools each agent is allowed, namespaced by server', async () => {
    const research = (await runtime.mcp.registry.listTools('research')).map((tool) => tool.name);
    expect(research).toEqual(
      expect.arrayContaining(['carrier.track_parcel', 'carrier.slow_lookup', 'knowledge.search']),
    );
    expect(research).not.toContain('carrier.delete_everything');
    const solution = (await runtime.mcp.registry.listTools('solution')).map((tool) => tool.name);
    expect(solution.filter((name) => name.startsWith('carrier.'))).toEqual([]);
    await expect(
      runtime.mcp.registry.callTool(
        'carrier.delete_everything',
        { query: 'x' },
        { tenantId: 'demo', requestId: 'r', conversationId: 'c', agent: 'research' },
      ),
    ).rejects.toMatchObject({ code: 'TOOL_FORBIDDEN' });
  });

  it('lets research use the carrier during a request, timing out the slow tool without failing it', async () => {
    const result = await runtime.desk.ask({
      customerId: 'cus_01',
      text: 'Where is my order? It has not arrived',
    });
    expect(result.status).toBe('delivered');
    // Each call is a decision of research, the agent the external-sources skill calls for.
    const calls = result.toolCalls.filter((call) => call.tool.startsWith('carrier.'));
    const byTool = Object.fromEntries(calls.map((call) => [call.tool, call]));
    expect(byTool['carrier.track_parcel']).toMatchObject({
      outcome: 'ok',
      agent: 'research',
      arguments: { customerId: 'cus_01' },
    });
    expect(byTool['carrier.track_parcel']!.resultBytes).toBeGreaterThan(20);
    expect(byTool['carrier.slow_lookup']).toMatchObject({
      outcome: 'timeout',
      error: expect.stringMatching(/^TOOL_TIMEOUT: /) as unknown,
    });
    expect(byTool['carrier.delete_everything']).toBeUndefined();
  }, 30_000);

  it('reports a dead server as a failed tool, and does not restart it on every call', async () => {
    const context = { tenantId: 'demo', requestId: 'r-dead', conversationId: 'c-dead', agent: 'research' };
    await expect(
      runtime.mcp.registry.callTool('broken.anything', { query: 'x' }, context),
    ).rejects.toMatchObject({
      code: 'TOOL_FAILED',
    });
    const started = performance.now();
    await expect(
      runtime.mcp.registry.callTool('broken.anything', { query: 'x' }, context),
    ).rejects.toMatchObject({
      code: 'TOOL_FAILED',
      message: expect.stringContaining('retrying shortly') as unknown,
    });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
