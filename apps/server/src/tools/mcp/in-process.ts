// The built-in servers' tools called from this process without the MCP link: the same input and output
// schemas, role check, handler and tool errors as a built-in server answers with (define.ts), but no JSON-RPC
// messages, no text copy of each result, and no second check of the result by the client. The graph calls
// its tools this way (about six per request); every other caller, and every external server, goes over MCP.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import { fieldsOf, runDeskTool, toolError, type DeskTool, type ServerBinding } from './define.js';

export interface InProcessTools {
  /** Calls one of the server's tools by its own name (no namespace), as `tools/call` would. */
  call(name: string, args: unknown, meta: Record<string, unknown>): Promise<CallToolResult>;
}

export function inProcessTools(tools: readonly DeskTool[], binding: ServerBinding): InProcessTools {
  const byName = new Map(
    tools.map((tool) => [tool.name, { tool, input: z.object(tool.input), output: z.object(tool.output) }]),
  );
  return {
    async call(name, args, meta) {
      const failed = (error: DeskError) => toolError(error, binding.logger, name);
      const entry = byName.get(name);
      if (!entry) return failed(new DeskError('TOOL_NOT_FOUND', `No tool named ${name}`, { tool: name }));
      const input = entry.input.safeParse(args ?? {});
      if (!input.success) {
        const fields = fieldsOf(input.error.issues);
        return failed(
          new DeskError(
            'TOOL_INPUT_INVALID',
            `Invalid input for ${name}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
            { tool: name, fields },
          ),
        );
      }
      const ran = await runDeskTool(entry.tool, binding, input.data, meta);
      if ('error' in ran) return ran.error;
      // As an MCP server does: the output is checked against its schema and handed on as the handler gave it.
      const output = entry.output.safeParse(ran.output);
      if (!output.success) {
        return failed(
          new DeskError('TOOL_FAILED', `Tool ${name} answered in the wrong shape`, {
            tool: name,
            fields: fieldsOf(output.error.issues),
          }),
        );
      }
      return { content: [], structuredContent: ran.output };
    },
  };
}
