import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CallContext } from '../../domain/index.js';
import { DeskError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { contextMetaKey, defineTool, errorMetaKey, registerDeskTools, type ServerBinding } from './define.js';
import { inProcessTools } from './in-process.js';

const seen: Array<{ input: unknown; context: CallContext }> = [];

const lookup = defineTool({
  name: 'lookup_order',
  title: 'Look up an order',
  description: 'An order by id',
  access: 'read',
  roles: ['agent'],
  input: { orderId: z.string().min(1), detail: z.boolean().default(false) },
  output: { order: z.object({ id: z.string(), status: z.string() }).nullable() },
  handler: ({ orderId, detail }, context) => {
    seen.push({ input: { orderId, detail }, context });
    if (orderId === 'ord_gone') throw new DeskError('ORDER_NOT_FOUND', `No order ${orderId}`, { orderId });
    // A handler that breaks its own promise: the output schema catches it.
    if (orderId === 'ord_odd') return Promise.resolve({ order: { id: orderId } } as never);
    return Promise.resolve({ order: { id: orderId, status: 'shipped' } });
  },
});

const binding: ServerBinding = { tenantId: 'demo', caller: { kind: 'desk' }, logger: createLogger('silent') };
const meta = { [contextMetaKey]: { tenantId: 'demo', requestId: 'req_1', agent: 'research' } };
const codeOf = (result: { _meta?: Record<string, unknown> }) =>
  (result._meta?.[errorMetaKey] as { code?: string } | undefined)?.code;

/** The same tool behind an McpServer, called over an in-memory link, as the graph called it before. */
async function overMcp() {
  const server = new McpServer({ name: 'test', version: '0' }, { capabilities: { tools: {} } });
  registerDeskTools(server, [lookup], binding);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(clientSide);
  return client;
}

describe('built-in tools called in process', () => {
  const tools = inProcessTools([lookup], binding);

  it('hands the handler its checked input and the desk’s request identity, and returns its output', async () => {
    seen.length = 0;
    const result = await tools.call('lookup_order', { orderId: 'ord_1', extra: 'dropped' }, meta);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ order: { id: 'ord_1', status: 'shipped' } });
    expect(seen[0]?.input).toEqual({ orderId: 'ord_1', detail: false });
    expect(seen[0]?.context).toMatchObject({ tenantId: 'demo', requestId: 'req_1', agent: 'research' });
  });

  it('answers as the MCP server does, for an answer and for a tool error', async () => {
    const client = await overMcp();
    try {
      for (const orderId of ['ord_1', 'ord_gone']) {
        const wire = await client.callTool({ name: 'lookup_order', arguments: { orderId }, _meta: meta });
        const direct = await tools.call('lookup_order', { orderId }, meta);
        expect(direct.structuredContent).toEqual(wire.structuredContent);
        expect(direct.isError).toEqual(wire.isError);
        expect(codeOf(direct)).toEqual(codeOf(wire));
      }
    } finally {
      await client.close();
    }
  });

  it('runs the same read asked for at once within one request once, and hands each caller its own copy', async () => {
    seen.length = 0;
    const asking = (agent: string, requestId = 'req_1', orderId = 'ord_1') =>
      tools.call('lookup_order', { orderId }, { [contextMetaKey]: { tenantId: 'demo', requestId, agent } });
    const [research, orders] = await Promise.all([asking('research'), asking('orders')]);
    expect(seen).toHaveLength(1);
    expect(orders.structuredContent).toEqual(research.structuredContent);
    expect(orders.structuredContent).not.toBe(research.structuredContent);
    // Another request, another order, or the same read once the first has answered: each is run.
    await Promise.all([
      asking('research'),
      asking('research', 'req_2'),
      asking('research', 'req_1', 'ord_2'),
    ]);
    expect(seen).toHaveLength(4);
    await asking('research');
    expect(seen).toHaveLength(5);
    // An error is shared as an answer is: the same code for each.
    const gone = await Promise.all([
      asking('research', 'req_1', 'ord_gone'),
      asking('orders', 'req_1', 'ord_gone'),
    ]);
    expect(gone.map(codeOf)).toEqual(['ORDER_NOT_FOUND', 'ORDER_NOT_FOUND']);
    expect(seen).toHaveLength(6);
  });

  it('runs every write, and every call made outside a request', async () => {
    seen.length = 0;
    const record = defineTool({
      name: 'record_step',
      title: 'Record a step',
      description: 'Writes',
      access: 'write',
      roles: ['agent'],
      input: { step: z.string() },
      output: { ok: z.boolean() },
      handler: ({ step }, context) => {
        seen.push({ input: { step }, context });
        return Promise.resolve({ ok: true });
      },
    });
    const both = inProcessTools([lookup, record], binding);
    await Promise.all([
      both.call('record_step', { step: 'a' }, meta),
      both.call('record_step', { step: 'a' }, meta),
    ]);
    expect(seen).toHaveLength(2);
    const outside = { [contextMetaKey]: { tenantId: 'demo', agent: 'cli' } };
    await Promise.all([
      both.call('lookup_order', { orderId: 'ord_1' }, outside),
      both.call('lookup_order', { orderId: 'ord_1' }, outside),
    ]);
    expect(seen).toHaveLength(4);
  });

  it('refuses bad input naming the field, a wrong-shaped answer and an unknown tool, each with its code', async () => {
    const bad = await tools.call('lookup_order', { orderId: '' }, meta);
    expect(bad.isError).toBe(true);
    expect(codeOf(bad)).toBe('TOOL_INPUT_INVALID');
    expect(bad._meta?.[errorMetaKey]).toMatchObject({ details: { fields: [{ field: 'orderId' }] } });
    expect(codeOf(await tools.call('lookup_order', { orderId: 'ord_odd' }, meta))).toBe('TOOL_FAILED');
    expect(codeOf(await tools.call('drop_tables', {}, meta))).toBe('TOOL_NOT_FOUND');
  });
});
