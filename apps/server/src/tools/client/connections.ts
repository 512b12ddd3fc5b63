// Connections from the desk's MCP client to each server: built-in ones linked in memory, external ones
// over stdio or Streamable HTTP. External connections open lazily and reopen after a failure, so a server
// that is down at start-up costs nothing until an agent needs it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DeskError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { InProcessTools } from '../mcp/in-process.js';
import type { ExternalServerConfig } from './external-config.js';

export const clientInfo = { name: 'frontdesk', version: '0.1.0' };

/** Rejects with TOOL_TIMEOUT when the work takes longer than `ms`. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new DeskError('TOOL_TIMEOUT', `${what} did not answer within ${ms} ms`, { ms })),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** After a failed connection, an external server is left alone this long before the next attempt. */
const RETRY_AFTER_MS = 30_000;

export class McpConnection {
  private opening: Promise<Client> | undefined;
  private failedUntil = 0;
  private listed: { at: number; tools: Awaited<ReturnType<Client['listTools']>>['tools'] } | undefined;

  constructor(
    readonly namespace: string,
    readonly external: boolean,
    /** How long one call may take. */
    readonly timeoutMs: number,
    /** Agent name to allowed tool names ('*' for all); built-in servers use the registry's own rules. */
    readonly allow: Readonly<Record<string, readonly string[]>>,
    private readonly open: () => Promise<Client>,
    /** How long opening the connection may take (a process start is slower than a call). */
    private readonly connectTimeoutMs = timeoutMs,
    /** A built-in server's tools to call without the MCP link (listing them still goes over it). */
    readonly inProcess?: InProcessTools,
  ) {}

  /**
   * The connected client. A failed connection is forgotten, and an external server that failed is not
   * tried again for a while, so a dead server costs each request nothing (TOOL_FAILED meanwhile).
   */
  client(): Promise<Client> {
    if (!this.opening && Date.now() < this.failedUntil) {
      return Promise.reject(
        new DeskError('TOOL_FAILED', `MCP server ${this.namespace} is unavailable; retrying shortly`, {
          server: this.namespace,
        }),
      );
    }
    this.opening ??= within(this.connectTimeoutMs, `MCP server ${this.namespace}`, this.open()).catch(
      (error: unknown) => {
        this.opening = undefined;
        if (this.external) this.failedUntil = Date.now() + RETRY_AFTER_MS;
        throw error;
      },
    );
    return this.opening;
  }

  /** The server's tools, remembered for a minute (they rarely change, and research asks on every request). */
  async tools(): Promise<Awaited<ReturnType<Client['listTools']>>['tools']> {
    if (this.listed && Date.now() - this.listed.at < 60_000) return this.listed.tools;
    const client = await this.client();
    const { tools } = await within(this.timeoutMs, `MCP server ${this.namespace}`, client.listTools());
    this.listed = { at: Date.now(), tools };
    return tools;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    const client = await opening.catch(() => undefined);
    await client?.close().catch(() => undefined);
  }
}

/**
 * A built-in server linked to its client in memory (the zero-setup default). With `inProcess`, its tools
 * are called directly (tools/mcp/in-process.ts); the link still lists them.
 */
export function inMemoryConnection(
  namespace: string,
  server: McpServer,
  inProcess?: InProcessTools,
  timeoutMs = 30_000,
): McpConnection {
  const open = async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client(clientInfo);
    await client.connect(clientSide);
    return client;
  };
  return new McpConnection(namespace, false, timeoutMs, {}, open, timeoutMs, inProcess);
}

/** An external server from configuration, over stdio or Streamable HTTP. */
export function externalConnection(config: ExternalServerConfig, logger: Logger): McpConnection {
  return new McpConnection(
    config.name,
    true,
    config.timeoutMs,
    config.allow,
    async () => {
      const client = new Client(clientInfo);
      if (config.command) {
        const transport = new StdioClientTransport({
          command: config.command,
          args: config.args,
          env: { ...getDefaultEnvironment(), ...config.env },
          ...(config.cwd ? { cwd: config.cwd } : {}),
          stderr: 'pipe',
        });
        transport.stderr?.on('data', (chunk: Buffer) =>
          logger.debug({ server: config.name, stderr: chunk.toString().trimEnd() }, 'external MCP server'),
        );
        await client.connect(transport);
      } else {
        await client.connect(
          new StreamableHTTPClientTransport(new URL(config.url!), {
            requestInit: { headers: config.headers },
          }),
        );
      }
      logger.info(
        { server: config.name, via: config.command ? 'stdio' : 'http' },
        'external MCP server connected',
      );
      return client;
    },
    config.connectTimeoutMs,
  );
}
