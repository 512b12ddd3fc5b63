// Frontdesk's MCP side, assembled once by the runtime: the action desk, the built-in servers (built per
// caller, for any transport) and the client registry the graph calls tools through.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ActionDesk } from '../actions/index.js';
import type { Caller } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { Database, Stores } from '../store/index.js';
import { externalConnection, inMemoryConnection } from './client/connections.js';
import type { ExternalServerConfig } from './client/external-config.js';
import { McpToolRegistry } from './client/mcp-registry.js';
import { DecisionToolCallRecorder } from './client/recorder.js';
import type { ToolHandlers } from './registry.js';
import { inProcessTools } from './mcp/in-process.js';
import {
  buildServer,
  serverTools,
  type BuiltinServerName,
  type DeskPort,
  type ServerDeps,
} from './servers/index.js';

export interface DeskMcpOptions {
  db: Database;
  stores: Stores;
  handlers: ToolHandlers;
  logger: Logger;
  tenantId: string;
  refundLimitMajor: number;
  /** The per-customer refund limit over a period (defaults: the action policy's). */
  customerRefundLimitMajor?: number;
  refundPeriodDays?: number;
  externalServers: readonly ExternalServerConfig[];
}

export class DeskMcp {
  readonly actions: ActionDesk;
  readonly registry: McpToolRegistry;
  private readonly deps: ServerDeps;

  constructor(private readonly options: DeskMcpOptions) {
    this.actions = new ActionDesk({
      db: options.db,
      stores: options.stores,
      policy: {
        refundLimitMajor: options.refundLimitMajor,
        ...(options.customerRefundLimitMajor
          ? { customerRefundLimitMajor: options.customerRefundLimitMajor }
          : {}),
        ...(options.refundPeriodDays ? { refundPeriodDays: options.refundPeriodDays } : {}),
      },
    });
    this.deps = {
      db: options.db,
      stores: options.stores,
      handlers: options.handlers,
      actions: this.actions,
      logger: options.logger,
    };
    const desk: Caller = { kind: 'desk' };
    const binding = { tenantId: options.tenantId, caller: desk, logger: options.logger };
    // The graph calls the data servers' tools in this process (listing them over an in-memory link); the
    // desk server is for other agents, not the graph.
    const inProcess = (['knowledge', 'crm', 'tickets', 'analytics'] as const).map((name) =>
      inMemoryConnection(
        name,
        this.server(name, desk),
        inProcessTools(serverTools(name, this.deps), binding),
      ),
    );
    this.registry = new McpToolRegistry({
      connections: [
        ...inProcess,
        ...options.externalServers.map((server) => externalConnection(server, options.logger)),
      ],
      recorder: new DecisionToolCallRecorder(options.stores, (error) =>
        options.logger.warn({ err: error }, 'tool call not recorded'),
      ),
      logger: options.logger,
    });
  }

  /** The desk server needs the Desk, which is built after the graph (and so after this). */
  attachDesk(desk: DeskPort): void {
    this.deps.desk = desk;
  }

  /** A fresh server for one caller (a connection, or one HTTP request). */
  server(name: BuiltinServerName, caller: Caller): McpServer {
    return buildServer(name, this.deps, {
      tenantId: this.options.tenantId,
      caller,
      logger: this.options.logger,
    });
  }

  close(): Promise<void> {
    return this.registry.close();
  }
}
