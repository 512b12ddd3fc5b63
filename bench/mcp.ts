// MCP benchmark: the cost of reaching tools over MCP. One read tool (crm.get_customer) called through the
// in-process handler, through the MCP client registry over the in-memory transport (with its tool-call
// record), and over stdio to `frontdesk mcp crm`; ratios against the in-process handler, same process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { frontdeskBin } from '../apps/server/src/testing/cli.js';
import { openTestRuntime } from '../apps/server/src/testing/runtime.js';
import { builtinToolHandlers } from '../apps/server/src/tools/builtin.js';
import { percentile, round, sample } from './stats.js';

const WARMUP = 50;
const RUNS = 500;
const STDIO_RUNS = 200;

interface Timing {
  n: number;
  p50Ms: number;
  p95Ms: number;
  callsPerSecond: number;
}

async function measure(runs: number, once: (i: number) => Promise<unknown>): Promise<Timing> {
  const { sorted, perSecond } = await sample(runs, once, WARMUP);
  return {
    n: runs,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    callsPerSecond: Math.round(perSecond),
  };
}

const customer = (i: number) => `cus_${String((i % 20) + 1).padStart(2, '0')}`;

export async function mcpBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-mcp-'));
  const runtime = await openTestRuntime({
    env: { FRONTDESK_DATA_DIR: dir },
    dispose: () => Promise.resolve(),
  });
  const context = { tenantId: 'demo', requestId: 'bench', conversationId: 'bench', agent: 'triage' };
  const handlers = builtinToolHandlers(runtime.stores);
  const direct = await measure(RUNS, (i) =>
    handlers['crm.get_customer']({ customerId: customer(i) }, context),
  );
  const inMemory = await measure(RUNS, (i) =>
    runtime.mcp.registry.call('crm.get_customer', { customerId: customer(i) }, context),
  );
  await runtime.close();

  // The embedded database is one process's: the stdio server opens it once the runtime above is closed.
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [frontdeskBin, 'mcp', 'crm'],
      env: { PATH: process.env.PATH ?? '', FRONTDESK_DATA_DIR: dir, LOG_LEVEL: 'warn' },
    }),
  );
  const stdio = await measure(STDIO_RUNS, (i) =>
    client.callTool({ name: 'get_customer', arguments: { customerId: customer(i) } }),
  );
  await client.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = (t: Timing) => Math.round((t.p50Ms / direct.p50Ms) * 10) / 10;
  console.log('crm.get_customer, sequential calls (embedded database)');
  console.log('path                          p50 ms   p95 ms   calls/s   p50 vs in-process');
  for (const [name, t] of [
    ['in-process handler', direct],
    ['MCP in memory (+ record)', inMemory],
    ['MCP over stdio', stdio],
  ] as const) {
    console.log(
      `${name.padEnd(28)} ${String(t.p50Ms).padStart(7)}  ${String(t.p95Ms).padStart(7)}  ${String(t.callsPerSecond).padStart(8)}   ×${ratio(t)}`,
    );
  }
  return { direct, inMemory, stdio, inMemoryP50Ratio: ratio(inMemory), stdioP50Ratio: ratio(stdio) };
}
