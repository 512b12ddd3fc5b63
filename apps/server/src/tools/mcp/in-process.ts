// The built-in servers' tools called from this process without the MCP link: the same input and output
// schemas, role check, handler and tool errors as a built-in server answers with (define.ts), but no JSON-RPC
// messages, no text copy of each result, and no second check of the result by the client. The graph calls
// its tools this way (about six per request); every other caller, and every external server, goes over MCP.
// The same read asked for twice at once within one request is run once (see `readsRunning`).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import {
  contextMetaKey,
  fieldsOf,
  runDeskTool,
  toolError,
  type DeskTool,
  type ServerBinding,
} from './define.js';

export interface InProcessTools {
  /** Calls one of the server's tools by its own name (no namespace), as `tools/call` would. */
  call(name: string, args: unknown, meta: Record<string, unknown>): Promise<CallToolResult>;
}

/**
 * What makes two reads the same read: the tool, its checked input and the request it is made for (tenant,
 * request, conversation, customer). Not the agent: no handler answers differently by who asks. A call outside
 * a request's run is never shared.
 */
function sharedReadKey(name: string, input: unknown, meta: Record<string, unknown>): string | undefined {
  const context = meta[contextMetaKey] as Record<string, unknown> | undefined;
  if (typeof context?.requestId !== 'string') return undefined;
  const { tenantId, requestId, conversationId, customerId } = context;
  return JSON.stringify([tenantId, requestId, conversationId, customerId, name, input]);
}

export function inProcessTools(tools: readonly DeskTool[], binding: ServerBinding): InProcessTools {
  const byName = new Map(
    tools.map((tool) => [tool.name, { tool, input: z.object(tool.input), output: z.object(tool.output) }]),
  );
  /**
   * Reads running now, by sharedReadKey. Research's sources and the skills beside them start together and
   * several ask for the same record (the customer's orders, their preferences): the first asks the database,
   * the others wait for its answer. Only while it runs: nothing is kept, so a read that starts after a write
   * sees the write.
   */
  const readsRunning = new Map<string, Promise<CallToolResult>>();

  const answer = async (
    entry: NonNullable<ReturnType<typeof byName.get>>,
    input: unknown,
    meta: Record<string, unknown>,
  ): Promise<CallToolResult> => {
    const { name } = entry.tool;
    const ran = await runDeskTool(entry.tool, binding, input, meta);
    if ('error' in ran) return ran.error;
    // As an MCP server does: the output is checked against its schema and handed on as the handler gave it.
    const output = entry.output.safeParse(ran.output);
    if (!output.success) {
      return toolError(
        new DeskError('TOOL_FAILED', `Tool ${name} answered in the wrong shape`, {
          tool: name,
          fields: fieldsOf(output.error.issues),
        }),
        binding.logger,
        name,
      );
    }
    return { content: [], structuredContent: ran.output };
  };

  return {
    async call(name, args, meta) {
      const entry = byName.get(name);
      if (!entry) {
        const unknown = new DeskError('TOOL_NOT_FOUND', `No tool named ${name}`, { tool: name });
        return toolError(unknown, binding.logger, name);
      }
      const input = entry.input.safeParse(args ?? {});
      if (!input.success) {
        const fields = fieldsOf(input.error.issues);
        const invalid = new DeskError(
          'TOOL_INPUT_INVALID',
          `Invalid input for ${name}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
          { tool: name, fields },
        );
        return toolError(invalid, binding.logger, name);
      }
      const key = entry.tool.access === 'read' ? sharedReadKey(name, input.data, meta) : undefined;
      const running = key === undefined ? undefined : readsRunning.get(key);
      // A caller that joins gets its own copy: what one caller does with an answer is not seen by another.
      if (running) return structuredClone(await running);
      const answered = answer(entry, input.data, meta);
      if (key !== undefined) {
        readsRunning.set(key, answered);
        const done = () => void readsRunning.delete(key);
        answered.then(done, done);
      }
      return answered;
    },
  };
}
