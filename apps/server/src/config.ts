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
  DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FRONTDESK_TENANT: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes')
    .default('demo'),
  FRONTDESK_APPROVAL_HOURS: z.coerce.number().positive().default(24),
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
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
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
  /** How research picks remembered context: `recent`, `relevant` or `hybrid`. */
  FRONTDESK_MEMORY_STRATEGY: z.enum(['recent', 'relevant', 'hybrid']).default('hybrid'),
  FRONTDESK_MEMORY_TOKENS: z.coerce.number().int().min(50).max(100_000).default(800),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
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
  readonly redisUrl: string | undefined;
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
    readonly memoryStrategy: 'recent' | 'relevant' | 'hybrid';
    readonly memoryTokenBudget: number;
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
    databaseUrl: e.DATABASE_URL,
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
    redisUrl: e.REDIS_URL,
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
      memoryStrategy: e.FRONTDESK_MEMORY_STRATEGY,
      memoryTokenBudget: e.FRONTDESK_MEMORY_TOKENS,
    }),
  });
}
