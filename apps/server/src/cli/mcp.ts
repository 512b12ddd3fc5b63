// `frontdesk mcp SERVER`: one built-in MCP server over stdio, for desktop MCP clients and other agents.
// stdout carries only the MCP protocol; logs go to stderr. It serves until the client closes stdin.
import { userInfo } from 'node:os';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { deskRoles, type Caller, type DeskRole } from '../domain/index.js';
import { DeskError } from '../errors.js';
import { builtinServerNames, isBuiltinServerName } from '../tools/servers/index.js';

/** A stdio MCP session through a desk lasts as long as a working day on one token. */
const SESSION_SECONDS = 12 * 3600;

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
      const [{ loadConfig }, { connectToDesk }] = await Promise.all([
        import('../config.js'),
        import('./desk-client.js'),
      ]);
      const config = loadConfig();
      // A running desk serves the same tools over Streamable HTTP: bridge to it instead of its database.
      // The caller is who the token says: the one minted here for this data directory, or FRONTDESK_URL's.
      const as =
        caller.kind === 'person'
          ? { sub: caller.id, role: caller.role }
          : { sub: options.customer ?? '', role: 'customer' };
      const desk = await connectToDesk(config, as, SESSION_SECONDS);
      if (desk) {
        // A desk that does not answer, or refuses the credentials, is said in one line before stdio opens.
        await desk.request('GET', '/v1/me');
        const { bridgeToDesk } = await import('./mcp-bridge.js');
        await bridgeToDesk(desk, server);
        return;
      }
      const { createRuntime } = await import('../runtime.js');
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
