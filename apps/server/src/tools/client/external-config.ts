// The shape of FRONTDESK_MCP_SERVERS: external MCP servers a company adds, reached over stdio (a command)
// or Streamable HTTP (a URL with headers), each with a timeout and the tools each agent may call.
import { z } from 'zod';

const reservedNames = new Set(['knowledge', 'crm', 'tickets', 'analytics', 'desk']);

export const externalServerSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _')
      .refine((name) => !reservedNames.has(name), 'is the name of a built-in server'),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().min(1).optional(),
    url: z.url().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** How long one tool call may take. */
    timeoutMs: z.number().int().positive().max(120_000).default(5_000),
    /** How long starting or reaching the server may take (a process start is slower than a call). */
    connectTimeoutMs: z.number().int().positive().max(120_000).default(15_000),
    /** Agent name to the tool names it may call on this server ('*' for all). */
    allow: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
  })
  .refine((server) => (server.command === undefined) !== (server.url === undefined), {
    message: 'give exactly one of command (stdio) or url (Streamable HTTP)',
  });

export type ExternalServerConfig = z.output<typeof externalServerSchema>;

export const externalServersSchema = z
  .array(externalServerSchema)
  .refine(
    (servers) => new Set(servers.map((s) => s.name)).size === servers.length,
    'server names must be unique',
  );
