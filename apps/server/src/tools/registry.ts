// The tools port: call a named tool with validated input, get validated output. Errors carry registry codes
// (TOOL_NOT_FOUND, TOOL_INPUT_INVALID naming the field, TOOL_FORBIDDEN, TOOL_TIMEOUT, TOOL_FAILED).
// The runtime's adapter is the MCP client registry (tools/client); LocalToolRegistry is the in-process one.
import type { z } from 'zod';
import { DeskError, isDeskError } from '../errors.js';
import { toolCatalog, type ToolInput, type ToolName, type ToolOutput } from './catalog.js';

/** Who is calling: every tool call runs on behalf of one request in one tenant. */
export interface ToolContext {
  tenantId: string;
  requestId: string;
  conversationId: string;
  /** The conversation's customer (the graph passes it); actions act for this customer only. */
  customerId?: string;
  /** The agent or skill calling (the registry requires one, see ToolCaller). */
  agent?: string;
}

/**
 * A call through the registry always names its agent or skill: its allow-list decides what it may call,
 * and the call is recorded as one of its decisions. (Handlers behind the servers see a plain ToolContext.)
 */
export type ToolCaller = ToolContext & { agent: string };

/** A tool as an agent sees it: namespaced name, what it does, whether it writes, its input schema. */
export interface ToolInfo {
  name: string;
  description: string;
  access: 'read' | 'write';
  external: boolean;
  inputSchema: Record<string, unknown>;
}

export interface ToolRegistry {
  /** A catalogue tool, typed both ways. */
  call<N extends ToolName>(name: N, input: ToolInput<N>, caller: ToolCaller): Promise<ToolOutput<N>>;
  /**
   * Any tool by its namespaced name (`crm.get_order`, `carrier.track_parcel`) for the agent in the context.
   * Throws TOOL_NOT_FOUND, TOOL_FORBIDDEN (not on the agent's allow-list), TOOL_INPUT_INVALID naming the field,
   * TOOL_TIMEOUT, TOOL_FAILED, or the tool's own registry code.
   */
  callTool(name: string, args: Record<string, unknown>, caller: ToolCaller): Promise<Record<string, unknown>>;
  /** The tools this agent may call. */
  listTools(agent: string): Promise<ToolInfo[]>;
}

export type ToolHandlers = {
  [N in ToolName]: (
    input: z.output<(typeof toolCatalog)[N]['input']>,
    context: ToolContext,
  ) => Promise<ToolOutput<N>>;
};

/** A registry over in-process handlers, validating both directions with the catalogue's schemas. */
export class LocalToolRegistry implements ToolRegistry {
  constructor(private readonly handlers: ToolHandlers) {}

  /** Only catalogue names exist in process. */
  async callTool(name: string, args: Record<string, unknown>, context: ToolCaller) {
    if (!Object.hasOwn(toolCatalog, name))
      throw new DeskError('TOOL_NOT_FOUND', `No tool named ${name}`, { tool: name });
    return (await this.call(name as ToolName, args as never, context)) as Record<string, unknown>;
  }

  listTools(): Promise<ToolInfo[]> {
    return Promise.resolve(
      Object.entries(toolCatalog).map(([name, tool]) => ({
        name,
        description: tool.description,
        access: tool.access,
        external: false,
        inputSchema: {},
      })),
    );
  }

  async call<N extends ToolName>(name: N, input: ToolInput<N>, context: ToolCaller): Promise<ToolOutput<N>> {
    const definition = toolCatalog[name] as (typeof toolCatalog)[ToolName] | undefined;
    const handler = this.handlers[name] as
      ((input: unknown, context: ToolContext) => Promise<ToolOutput<N>>) | undefined;
    if (!definition || !handler)
      throw new DeskError('TOOL_NOT_FOUND', `No tool named ${String(name)}`, { tool: name });
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        message: issue.message,
      }));
      throw new DeskError(
        'TOOL_INPUT_INVALID',
        `Invalid input for ${name}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
        { tool: name, fields },
      );
    }
    try {
      const output = await handler(parsed.data, context);
      return definition.output.parse(output) as ToolOutput<N>;
    } catch (error) {
      if (isDeskError(error)) throw error;
      throw new DeskError(
        'TOOL_FAILED',
        `Tool ${name} failed: ${(error as Error).message}`,
        { tool: name },
        { cause: error },
      );
    }
  }
}
