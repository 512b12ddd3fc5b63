// Test support: an SDK client linked in memory to one built-in server of a runtime, as a given caller.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Runtime } from '../runtime.js';
import type { Caller } from '../domain/index.js';
import type { BuiltinServerName } from '../tools/servers/index.js';

export interface ToolAnswer {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
  code: string | undefined;
}

export async function connectTo(runtime: Runtime, name: BuiltinServerName, caller: Caller): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runtime.mcp.server(name, caller).connect(serverSide);
  const client = new Client({ name: 'frontdesk-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

/** Calls a tool and flattens the answer: structured content, the error text and its registry code. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content?: Array<{ type: string; text?: string }>;
    structuredContent?: Record<string, unknown>;
    _meta?: Record<string, { code?: string } | undefined>;
  };
  return {
    isError: result.isError === true,
    text: result.content?.map((part) => part.text ?? '').join('\n') ?? '',
    data: result.structuredContent ?? {},
    code: result._meta?.['frontdesk/error']?.code,
  };
}

export const agent = (id = 'sam'): Caller => ({ kind: 'person', id, role: 'agent' });
export const approver = (id = 'ana'): Caller => ({ kind: 'person', id, role: 'approver' });
export const admin = (id = 'root'): Caller => ({ kind: 'person', id, role: 'admin' });
export const customer = (customerId: string): Caller => ({ kind: 'customer', id: customerId, customerId });
