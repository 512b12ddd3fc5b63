// The app's dependencies from a runtime: security from the configuration (secret, JWKS, API keys), the
// shared rate-limit counters in Redis when REDIS_URL is set, and a readiness check for each dependency.
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime.js';
import { createSecurity } from '../security/index.js';
import type { AppDeps, HttpOptions, ReadinessCheck } from './deps.js';

export interface RuntimeAppDeps {
  deps: AppDeps;
  /** Releases what was opened here (the Redis connection); call after `app.close()`. */
  close(): Promise<void>;
}

export function appDepsFromRuntime(runtime: Runtime, http: Partial<HttpOptions> = {}): RuntimeAppDeps {
  const { config } = runtime;
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
    : undefined;
  redis?.on('error', (error) => runtime.logger.warn({ err: error }, 'redis (rate limits) unavailable'));
  const readiness: ReadinessCheck[] = redis
    ? [{ name: 'redis', check: async () => void (await redis.ping()) }]
    : [];
  return {
    deps: {
      config,
      logger: runtime.logger,
      db: runtime.db,
      stores: runtime.stores,
      desk: runtime.desk,
      checkpoints: runtime.checkpointer,
      mcp: runtime.mcp,
      bus: runtime.bus,
      progress: runtime.progress,
      security: createSecurity(config, runtime.db),
      http: { ...(redis ? { redis } : {}), ...http },
      readiness,
      knowledge: runtime.knowledge,
      channels: runtime.channels,
      tasks: runtime.tasks,
      workspace: runtime.workspace,
      forgetCustomer: (customerId: string) => runtime.forgetCustomer(customerId),
    },
    close: async () => {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
