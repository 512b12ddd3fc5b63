// The built-in MCP servers over Streamable HTTP, mounted on the API at /mcp/SERVER as a Fastify plugin. The
// API authenticates the caller (token or API key); each server admits only some roles, and every tool then
// checks the caller's role again and limits a customer to their own account. Stateless: each POST gets a
// fresh server bound to its caller, so any API process can answer any request.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, CallerRole } from '../domain/index.js';
import { DeskError } from '../errors.js';
import { toProblem } from '../problem.js';
import { builtinServerNames, isBuiltinServerName, type BuiltinServerName } from './servers/index.js';

/** Who the API says is calling. */
export interface McpPrincipal {
  subject: string;
  role: CallerRole;
  tenantId: string;
}

export interface McpHttpOptions {
  tenantId: string;
  server: (name: BuiltinServerName, caller: Caller) => McpServer;
  /** The API's authentication: resolves the caller or throws UNAUTHENTICATED (401). */
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<McpPrincipal>;
}

const everyone: readonly CallerRole[] = ['customer', 'agent', 'approver', 'admin'];

/** Which roles may open each server at all; the tools narrow it further. */
export const serverRoles: Record<BuiltinServerName, readonly CallerRole[]> = {
  knowledge: everyone,
  crm: everyone,
  tickets: everyone,
  analytics: ['approver', 'admin'],
  desk: everyone,
};

const callerOf = (principal: McpPrincipal): Caller =>
  principal.role === 'customer'
    ? { kind: 'customer', id: principal.subject, customerId: principal.subject }
    : { kind: 'person', id: principal.subject, role: principal.role };

const problem = (reply: FastifyReply, error: DeskError, instance: string) =>
  reply.status(error.status).type('application/problem+json').send(toProblem(error, instance));

export const mcpHttpPlugin: FastifyPluginAsync<McpHttpOptions> = (app, options) => {
  app.post<{ Params: { server: string } }>('/mcp/:server', async (request, reply) => {
    const name = request.params.server;
    if (!isBuiltinServerName(name)) {
      return problem(
        reply,
        new DeskError('NOT_FOUND', `No MCP server ${name}; use ${builtinServerNames.join(', ')}`, {
          server: name,
        }),
        request.url,
      );
    }
    const principal = await options.authenticate(request, reply);
    if (principal.tenantId !== options.tenantId || !serverRoles[name].includes(principal.role)) {
      return problem(
        reply,
        new DeskError('TOOL_FORBIDDEN', `The ${principal.role} role may not use the ${name} server`, {
          server: name,
          allowedRoles: serverRoles[name],
        }),
        request.url,
      );
    }
    const server = options.server(name, callerOf(principal));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // Stateless: no server-initiated stream and no session to end.
  const notAllowed = async (request: FastifyRequest, reply: FastifyReply) => {
    await options.authenticate(request, reply);
    return reply
      .status(405)
      .header('allow', 'POST')
      .type('application/problem+json')
      .send(toProblem(new DeskError('NOT_FOUND', 'MCP over HTTP here is stateless: POST only'), request.url));
  };
  app.get('/mcp/:server', notAllowed);
  app.delete('/mcp/:server', notAllowed);
  return Promise.resolve();
};
