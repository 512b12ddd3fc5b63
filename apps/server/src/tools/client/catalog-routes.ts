// How the graph's catalogue names (tools/catalog.ts) map onto the built-in MCP servers' namespaced tools,
// so the nodes keep calling `deps.tools.call('orders.refund', …)` while the call travels over MCP.
import { DeskError } from '../../errors.js';
import type { ToolName } from '../catalog.js';
import type { ToolContext } from '../registry.js';

export interface CatalogRoute {
  tool: string;
  args?: (input: Record<string, unknown>, context: ToolContext) => Record<string, unknown>;
  result?: (output: Record<string, unknown>) => Record<string, unknown>;
}

const customerOf = (context: ToolContext, tool: string) => {
  if (!context.customerId) {
    throw new DeskError('TOOL_INPUT_INVALID', `${tool} needs the conversation's customer`, {
      tool,
      fields: [{ field: 'customerId', message: 'Required' }],
    });
  }
  return context.customerId;
};

/** An action the desk performs must come back performed (or already performed); anything else is a bug. */
const performedAction = (output: Record<string, unknown>) => {
  const status = output.status;
  if (status !== 'performed' && status !== 'already_performed') {
    throw new DeskError('TOOL_FAILED', `The action came back ${String(status)}`, { status });
  }
  return { ...(output.result as Record<string, unknown>), performed: status === 'performed' };
};

export const catalogRoutes: Record<ToolName, CatalogRoute> = {
  'knowledge.search': { tool: 'knowledge.search' },
  'crm.get_customer': { tool: 'crm.get_customer' },
  'orders.list': { tool: 'crm.list_orders' },
  'conversations.search_past': { tool: 'crm.search_past_conversations' },
  'orders.refund': {
    tool: 'crm.refund',
    args: (input, context) => ({ ...input, customerId: customerOf(context, 'orders.refund') }),
    result: performedAction,
  },
  'tickets.create': { tool: 'tickets.create', result: performedAction },
};
