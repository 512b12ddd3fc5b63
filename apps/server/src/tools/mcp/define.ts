// How Frontdesk declares an MCP tool (zod input and output, read or write, who may call it) and registers
// it on an McpServer so every transport answers the same way: structured output, and errors as tool errors
// that carry a registry code.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { CallContext, Caller, CallerRole } from '../../domain/index.js';
import { DeskError, isDeskError } from '../../errors.js';
import type { Logger } from '../../logger.js';

export type { CallContext, Caller, CallerRole } from '../../domain/index.js';

/** The `_meta` key under which the in-process desk passes its request identity. */
export const contextMetaKey = 'frontdesk/context';
/** The `_meta` key under which a tool error carries its registry code and safe details. */
export const errorMetaKey = 'frontdesk/error';

export interface DeskTool<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  access: 'read' | 'write';
  /** Roles that may call it over the wire; the in-process desk may call every tool. */
  roles: readonly CallerRole[];
  input: I;
  output: O;
  handler: (input: z.output<z.ZodObject<I>>, context: CallContext) => Promise<z.input<z.ZodObject<O>>>;
}

/** Declares a tool with its types inferred from the schemas. */
export const defineTool = <I extends z.ZodRawShape, O extends z.ZodRawShape>(tool: DeskTool<I, O>) =>
  tool as unknown as DeskTool;

export const roleOf = (caller: Caller): CallerRole | 'desk' =>
  caller.kind === 'desk' ? 'desk' : caller.kind === 'customer' ? 'customer' : caller.role;

/** A customer may only act on their own account; people and the desk may act on any in the tenant. */
export function requireOwnAccount(context: CallContext, customerId: string): void {
  if (context.caller.kind === 'customer' && context.caller.customerId !== customerId) {
    throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${customerId}`, { customerId });
  }
}

export interface ServerBinding {
  tenantId: string;
  caller: Caller;
  logger: Logger;
}

function contextFrom(binding: ServerBinding, meta: Record<string, unknown> | undefined): CallContext {
  const base: CallContext = { tenantId: binding.tenantId, caller: binding.caller };
  // Only the trusted in-process desk may say which request it acts for; wire callers are who they are.
  if (binding.caller.kind !== 'desk') return base;
  const given = meta?.[contextMetaKey];
  if (!given || typeof given !== 'object') return base;
  const fields = given as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : undefined);
  return {
    ...base,
    tenantId: text('tenantId') ?? base.tenantId,
    ...(text('requestId') ? { requestId: text('requestId')! } : {}),
    ...(text('conversationId') ? { conversationId: text('conversationId')! } : {}),
    ...(text('customerId') ? { customerId: text('customerId')! } : {}),
    ...(text('agent') ? { agent: text('agent')! } : {}),
  };
}

export function toolError(error: unknown, logger: Logger, tool: string): CallToolResult {
  const known = isDeskError(error) ? error : undefined;
  if (!known) logger.error({ err: error, tool }, 'tool failed');
  const code = known?.code ?? 'INTERNAL';
  const message = known?.message ?? 'The tool failed on our side';
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}: ${message}` }],
    _meta: { [errorMetaKey]: { code, message, details: known?.details ?? {} } },
  };
}

/** A schema failure's issues as the fields a tool error names. */
export const fieldsOf = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));

/**
 * Runs a tool's handler for the binding's caller (its arguments already checked against the input schema):
 * the output, or the tool error every transport answers with.
 */
export async function runDeskTool(
  tool: DeskTool,
  binding: ServerBinding,
  args: unknown,
  meta: Record<string, unknown> | undefined,
): Promise<{ output: Record<string, unknown> } | { error: CallToolResult }> {
  try {
    const role = roleOf(binding.caller);
    if (role !== 'desk' && !tool.roles.includes(role)) {
      throw new DeskError('TOOL_FORBIDDEN', `The ${role} role may not call ${tool.name}`, {
        tool: tool.name,
        role,
        allowedRoles: tool.roles,
      });
    }
    const output = await tool.handler(args as never, contextFrom(binding, meta));
    return { output };
  } catch (error) {
    return { error: toolError(error, binding.logger, tool.name) };
  }
}

/** Registers each tool on the server for one caller; refuses callers whose role the tool does not allow. */
export function registerDeskTools(
  server: McpServer,
  tools: readonly DeskTool[],
  binding: ServerBinding,
): void {
  for (const tool of tools) {
    const handle = async (args: unknown, extra: { _meta?: Record<string, unknown> }) => {
      const ran = await runDeskTool(tool, binding, args, extra._meta);
      return 'error' in ran
        ? ran.error
        : {
            content: [{ type: 'text' as const, text: JSON.stringify(ran.output) }],
            structuredContent: ran.output,
          };
    };
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: `${tool.description} (${tool.access === 'read' ? 'reads' : 'writes'}; roles: ${tool.roles.join(', ')})`,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: {
          title: tool.title,
          readOnlyHint: tool.access === 'read',
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
        _meta: { 'frontdesk/access': tool.access, 'frontdesk/roles': [...tool.roles] },
      },
      handle,
    );
  }
}
