// What the HTTP app is built from: the runtime's services, the security pieces and the HTTP options.
import type { Redis } from 'ioredis';
import type { Channels } from '../channels/index.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events/bus.js';
import type { Desk } from '../runs/index.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { TaskQueue } from '../jobs/index.js';
import type { ForgetReport } from '../memory/forget.js';
import type { Logger } from '../logger.js';
import type { DeskOperations } from '../operations/index.js';
import type { Security } from '../security/index.js';
import type { CheckpointReader } from './routes/approval-sources.js';
import type { ProgressSource } from './streams/hub.js';
import type { Database, Stores } from '../store/index.js';
import type { DeskMcp } from '../tools/desk-mcp.js';
import type { Workspace } from '../workspace/index.js';

export interface HttpOptions {
  corsOrigins: string[] | '*';
  rateLimitPerKey: number;
  rateLimitPerIp: number;
  bodyLimitBytes: number;
  /** Shared rate-limit counters across processes; in-process counters when absent. */
  redis?: Redis | undefined;
  /** Interval of stream heartbeats (SSE comments, WebSocket pings). */
  heartbeatMs: number;
  /** Interval of the stream's look at the outbox for events other processes wrote. */
  streamPollMs: number;
  /** A stream whose unsent bytes pass this is closed; the client reconnects with its last event id. */
  streamMaxBufferedBytes: number;
}

/** A dependency the readiness probe checks (database, Redis, …). Throws or rejects when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface AppDeps {
  config: Pick<Config, 'tenantId' | 'http'> &
    Partial<Pick<Config, 'approvalDeadlineHours' | 'redisUrl' | 'models'>>;
  logger: Logger;
  db: Database;
  stores: Stores;
  desk: Desk;
  /** The graph's checkpoints, read only: an approval's cited articles are kept there. */
  checkpoints: CheckpointReader;
  bus?: EventBus | undefined;
  /** Live progress from every process of the deployment; without it, only this process's desk. */
  progress?: ProgressSource | undefined;
  security: Security;
  http?: Partial<HttpOptions>;
  /** The built-in MCP servers, mounted at /mcp/SERVER when given. */
  mcp?: Pick<DeskMcp, 'server'> | undefined;
  /** Checks beyond the database, e.g. Redis when it is configured. */
  readiness?: ReadinessCheck[];
  /** Erases a customer from every tier (store, session, long-term memory, drafts); mounted when present. */
  forgetCustomer?: ((customerId: string) => Promise<ForgetReport>) | undefined;
  /** The knowledge base; its routes are mounted when present. */
  knowledge?: KnowledgeBase | undefined;
  /** Email, Slack and webhooks; their routes are mounted when present. */
  channels?: Channels | undefined;
  /** The people's workspace; its routes are mounted when present. */
  workspace?: Workspace | undefined;
  /** Event replay, demo reset, intent training and triage rules for administrators; mounted when present. */
  operations?: DeskOperations | undefined;
  /** The task queue, read by the status page for tasks that failed for good (bad graph runs among them). */
  tasks?: Pick<TaskQueue, 'failures'> | undefined;
}

export function httpOptions(deps: AppDeps): HttpOptions {
  return {
    corsOrigins: deps.config.http.corsOrigins,
    rateLimitPerKey: deps.config.http.rateLimitPerKey,
    rateLimitPerIp: deps.config.http.rateLimitPerIp,
    bodyLimitBytes: deps.config.http.bodyLimitBytes,
    heartbeatMs: 25_000,
    streamPollMs: 1_000,
    streamMaxBufferedBytes: 1024 * 1024,
    ...deps.http,
  };
}
