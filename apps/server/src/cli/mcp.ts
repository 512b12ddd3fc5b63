// `frontdesk mcp SERVER`: one built-in MCP server over stdio, for desktop MCP clients and other agents.
// stdout carries only the MCP protocol; logs go to stderr. It serves until the client closes stdin.
import { userInfo } from 'node:os';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { deskRoles, type Caller, type DeskRole } from '../domain/index.js';
import { DeskError } from '../errors.js';
import { createRuntime } from '../runtime.js';
import { refuseBesideDesk } from './context.js';
import { builtinServerNames, isBuiltinServerName } from '../tools/servers/index.js';

interface McpOptions {
  role: string;
  as?: string;
  customer?: string;
}

/** Who the stdio client is: the person running it (a desk role), or a customer of the tenant. */
function callerOf(options: McpOptions): Caller {
  const id = options.as ?? `local:${userInfo().username}`;
  if (options.role === 'customer') {
    if (!options.customer)
      throw new DeskError('VALIDATION_FAILED', '--role customer needs --customer ID', {});
    return { kind: 'customer', id: options.as ?? options.customer, customerId: options.customer };
  }
  if (!(deskRoles as readonly string[]).includes(options.role)) {
    throw new DeskError('VALIDATION_FAILED', `--role must be customer or one of ${deskRoles.join(', ')}`, {
      role: options.role,
    });
  }
  return { kind: 'person', id, role: options.role as DeskRole };
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(`Serve one built-in MCP server over stdio: ${builtinServerNames.join(', ')}`)
    .argument('<server>', builtinServerNames.join(' | '))
    .option('--role <role>', 'the caller’s role: agent, approver, admin or customer', 'agent')
    .option('--as <name>', 'who is calling, for the audit trail (default: local:<your user name>)')
    .option('--customer <id>', 'with --role customer: the customer’s id')
    .action(async (server: string, options: McpOptions) => {
      if (!isBuiltinServerName(server)) {
        throw new DeskError(
          'VALIDATION_FAILED',
          `Unknown MCP server ${server}; use ${builtinServerNames.join(', ')}`,
          {
            server,
          },
        );
      }
      const caller = callerOf(options);
      const config = loadConfig();
      // A running desk serves the same tools over Streamable HTTP: say where, instead of failing on its lock.
      refuseBesideDesk(config, ` (or connect to its MCP endpoint, /mcp/${server})`);
      const runtime = await createRuntime(config);
      try {
        const mcpServer = runtime.mcp.server(server, caller);
        const closed = new Promise<void>((resolve) => {
          mcpServer.server.onclose = resolve;
          process.stdin.once('end', resolve);
        });
        await mcpServer.connect(new StdioServerTransport());
        runtime.logger.info({ server, caller: caller.kind }, 'MCP server on stdio');
        await closed;
        await mcpServer.close();
        await runtime.relay.flush();
      } finally {
        await runtime.close();
      }
    });
}
