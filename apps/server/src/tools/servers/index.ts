// The built-in MCP servers by name: each is built for one caller over any transport (in-memory for the
// graph, stdio for desktop clients, Streamable HTTP on the API).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerDeskTools, type DeskTool, type ServerBinding } from '../mcp/define.js';
import { analyticsTools } from './analytics.js';
import { crmTools } from './crm.js';
import { deskTools } from './desk.js';
import type { ServerDeps } from './deps.js';
import { knowledgeTools } from './knowledge.js';
import { ticketTools } from './tickets.js';

export const builtinServerNames = ['knowledge', 'crm', 'tickets', 'analytics', 'desk'] as const;
export type BuiltinServerName = (typeof builtinServerNames)[number];

export const isBuiltinServerName = (name: string): name is BuiltinServerName =>
  (builtinServerNames as readonly string[]).includes(name);

const catalogue: Record<
  BuiltinServerName,
  { tools: (deps: ServerDeps) => DeskTool[]; instructions: string }
> = {
  knowledge: { tools: knowledgeTools, instructions: 'Search and read the help centre of the store.' },
  crm: {
    tools: crmTools,
    instructions:
      'Customers and orders. Actions are stated first: show the statement to the customer, and call again ' +
      'with its confirmationToken once they agree. Use a new idempotencyKey per action.',
  },
  tickets: {
    tools: ticketTools,
    instructions: 'Tickets for the specialist team, and hand-overs to a person.',
  },
  analytics: { tools: analyticsTools, instructions: 'Named analytics queries over the desk; no free SQL.' },
  desk: {
    tools: deskTools,
    instructions: 'Ask the support desk on behalf of a customer, and answer its approvals.',
  },
};

export function serverTools(name: BuiltinServerName, deps: ServerDeps): DeskTool[] {
  return catalogue[name].tools(deps);
}

export function buildServer(name: BuiltinServerName, deps: ServerDeps, binding: ServerBinding): McpServer {
  const server = new McpServer(
    { name: `frontdesk-${name}`, version: '0.1.0' },
    { capabilities: { tools: {} }, instructions: catalogue[name].instructions },
  );
  registerDeskTools(server, serverTools(name, deps), binding);
  return server;
}

export type { DeskPort, ServerDeps } from './deps.js';
