// The tools port over MCP: one client registry for the built-in servers (linked in memory) and the external
// servers from configuration, their tools namespaced `server.tool` and allow-listed per agent. Every call
// names its agent and is recorded as one of that agent's decisions (arguments masked, result size,
// duration); an external server that is slow or down fails only that call, with TOOL_TIMEOUT or
// TOOL_FAILED, never the process.
import { DeskError, isDeskError } from '../../errors.js';
import { isErrorCode } from '@frontdesk/contracts';
import type { Logger } from '../../logger.js';
import { inSpan } from '../../observability/tracing.js';
import { toolCatalog, type ToolInput, type ToolName, type ToolOutput } from '../catalog.js';
import { contextMetaKey, errorMetaKey, fieldsOf } from '../mcp/define.js';
import type { ToolCaller, ToolInfo, ToolRegistry } from '../registry.js';
import { allowed, builtinAllowList } from './allow.js';
import { catalogRoutes } from './catalog-routes.js';
import { within, type McpConnection } from './connections.js';
import { maskPersonalData } from './mask.js';
import type { ToolCallOutcome } from '../../store/index.js';
import type { ToolCallRecorder } from './recorder.js';

export interface McpToolRegistryOptions {
  connections: McpConnection[];
  recorder: ToolCallRecorder;
  logger: Logger;
  /** Overrides the built-in allow-list (agent → patterns). */
  builtinAllow?: Readonly<Record<string, readonly string[]>>;
}

interface CallResult {
  isError?: boolean;
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/** A tool error from the wire back into a DeskError with its registry code. */
function errorFrom(tool: string, result: CallResult): DeskError {
  const meta = result._meta?.[errorMetaKey] as
    { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
  const text = result.content?.find((part) => part.type === 'text')?.text ?? 'the tool failed';
  if (meta?.code && isErrorCode(meta.code)) {
    return new DeskError(meta.code, meta.message ?? text, { tool, ...meta.details });
  }
  // The SDK answers bad arguments itself with "Input validation error: … at <field>".
  if (text.startsWith('Input validation error')) {
    const fields = [...text.matchAll(/ at ([\w.[\]]+)/g)].map((match) => ({
      field: match[1]!,
      message: text,
    }));
    return new DeskError('TOOL_INPUT_INVALID', text, { tool, fields });
  }
  return new DeskError('TOOL_FAILED', `Tool ${tool} failed: ${text}`, { tool });
}

const UNNAMED = '(unnamed)';

export class McpToolRegistry implements ToolRegistry {
  private readonly connections: Map<string, McpConnection>;
  private readonly builtinAllow: Readonly<Record<string, readonly string[]>>;

  constructor(private readonly options: McpToolRegistryOptions) {
    this.connections = new Map(options.connections.map((connection) => [connection.namespace, connection]));
    this.builtinAllow = options.builtinAllow ?? builtinAllowList;
  }

  async call<N extends ToolName>(name: N, input: ToolInput<N>, context: ToolCaller): Promise<ToolOutput<N>> {
    const definition = toolCatalog[name] as (typeof toolCatalog)[ToolName] | undefined;
    const route = catalogRoutes[name] as (typeof catalogRoutes)[ToolName] | undefined;
    if (!definition || !route)
      throw new DeskError('TOOL_NOT_FOUND', `No tool named ${String(name)}`, { tool: name });
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) {
      const fields = fieldsOf(parsed.error.issues);
      throw new DeskError(
        'TOOL_INPUT_INVALID',
        `Invalid input for ${name}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
        { tool: name, fields },
      );
    }
    const data = parsed.data as Record<string, unknown>;
    const output = await this.callTool(route.tool, route.args ? route.args(data, context) : data, context);
    const shaped = route.result ? route.result(output) : output;
    const checked = definition.output.safeParse(shaped);
    if (!checked.success) {
      throw new DeskError('TOOL_FAILED', `Tool ${name} answered in the wrong shape`, {
        tool: name,
        fields: fieldsOf(checked.error.issues),
      });
    }
    return checked.data as ToolOutput<N>;
  }

  /** One span per call, named by the GenAI conventions (`execute_tool <name>`), under the calling node's. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    context: ToolCaller,
  ): Promise<Record<string, unknown>> {
    return inSpan(
      `execute_tool ${name}`,
      {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': name,
          'frontdesk.agent': context.agent || UNNAMED,
        },
      },
      () => this.callOnce(name, args, context),
    );
  }

  private async callOnce(
    name: string,
    args: Record<string, unknown>,
    context: ToolCaller,
  ): Promise<Record<string, unknown>> {
    const started = performance.now();
    // A plain JavaScript caller may still leave the agent out; it is recorded, and refused, as unnamed.
    const agent = context.agent || UNNAMED;
    let outcome: ToolCallOutcome = 'ok';
    let error: DeskError | undefined;
    let resultBytes = 0;
    try {
      const connection = this.connectionFor(name);
      this.checkAllowed(connection, name, agent);
      const tool = name.slice(connection.namespace.length + 1);
      const meta = {
        [contextMetaKey]: {
          tenantId: context.tenantId,
          requestId: context.requestId,
          conversationId: context.conversationId,
          ...(context.customerId ? { customerId: context.customerId } : {}),
          agent,
        },
      };
      const { inProcess } = connection;
      const answer = inProcess
        ? inProcess.call(tool, args, meta)
        : (await connection.client()).callTool({ name: tool, arguments: args, _meta: meta }, undefined, {
            timeout: connection.timeoutMs,
          });
      const result = (await within(connection.timeoutMs, `Tool ${name}`, answer)) as CallResult;
      resultBytes = JSON.stringify(result.structuredContent ?? result.content ?? '').length;
      if (result.isError) throw errorFrom(name, result);
      if (result.structuredContent) return result.structuredContent;
      // A server without an output schema answers in text: JSON when it can be read as such.
      const text =
        result.content
          ?.filter((part) => part.type === 'text')
          .map((part) => part.text)
          .join('\n') ?? '';
      try {
        const value: unknown = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : { value };
      } catch {
        return { text };
      }
    } catch (caught) {
      error = this.asDeskError(name, caught);
      outcome =
        error.code === 'TOOL_TIMEOUT' ? 'timeout' : error.code === 'TOOL_FORBIDDEN' ? 'refused' : 'error';
      throw error;
    } finally {
      const recorded = this.options.recorder.record({
        tenantId: context.tenantId,
        requestId: context.requestId,
        conversationId: context.conversationId,
        agent,
        tool: name,
        arguments: maskPersonalData(args),
        outcome,
        error: error ? `${error.code}: ${error.message}` : undefined,
        resultBytes,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      // A call that went through is recorded with the calling step's decision, so it is not waited for; a
      // refusal or failure is on record before the caller hears of it. The recorder never throws.
      if (outcome !== 'ok') await recorded;
    }
  }

  async listTools(agent: string): Promise<ToolInfo[]> {
    const lists = await Promise.all(
      [...this.connections.values()].map(async (connection) => {
        try {
          const tools = await connection.tools();
          return tools
            .map((tool) => ({
              name: `${connection.namespace}.${tool.name}`,
              description: tool.description ?? '',
              access: tool.annotations?.readOnlyHint ? ('read' as const) : ('write' as const),
              external: connection.external,
              inputSchema: tool.inputSchema,
            }))
            .filter((tool) => this.isAllowed(connection, tool.name, agent));
        } catch (error) {
          // One server down must not hide the others' tools.
          this.options.logger.warn({ err: error, server: connection.namespace }, 'MCP server unavailable');
          return [];
        }
      }),
    );
    return lists.flat();
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
  }

  private connectionFor(name: string): McpConnection {
    const namespace = name.split('.', 1)[0] ?? '';
    const connection = this.connections.get(namespace);
    if (!connection || name.length <= namespace.length + 1) {
      throw new DeskError('TOOL_NOT_FOUND', `No tool named ${name}`, { tool: name });
    }
    return connection;
  }

  private isAllowed(connection: McpConnection, tool: string, agent: string): boolean {
    // Nothing is reached without a name, on the built-in servers as on the external ones.
    if (agent === UNNAMED) return false;
    const patterns = connection.external ? connection.allow[agent] : this.builtinAllow[agent];
    return allowed(patterns, tool, connection.namespace);
  }

  private checkAllowed(connection: McpConnection, tool: string, agent: string): void {
    if (!this.isAllowed(connection, tool, agent)) {
      throw new DeskError('TOOL_FORBIDDEN', `Agent ${agent} may not call ${tool}`, {
        tool,
        agent,
      });
    }
  }

  private asDeskError(tool: string, error: unknown): DeskError {
    if (isDeskError(error)) return error;
    const message = (error as Error).message ?? String(error);
    if (/timed out|timeout/i.test(message)) {
      return new DeskError('TOOL_TIMEOUT', `Tool ${tool} did not answer in time`, { tool }, { cause: error });
    }
    return new DeskError('TOOL_FAILED', `Tool ${tool} failed: ${message}`, { tool }, { cause: error });
  }
}
