// The app's dependencies from a runtime: security from the configuration (secret, JWKS, API keys), the
// runtime's shared rate-limit counters (Redis, when REDIS_URL is set), and a readiness check for each
// dependency. Nothing is constructed here but the security pieces: connections belong to the runtime.
import { deskOperations } from '../operations/index.js';
import type { Runtime } from '../runtime.js';
import { createSecurity } from '../security/index.js';
import type { AppDeps, HttpOptions, ReadinessCheck } from './deps.js';

const KNOWLEDGE_WAIT_MS = 1_500;

export interface RuntimeAppDeps {
  deps: AppDeps;
  /** Kept for callers that close what the app was built from; the runtime owns every connection now. */
  close(): Promise<void>;
}

/**
 * Ready once the help centre is in the knowledge base. A fresh `npm start` syncs it after listening; a
 * restart finds it synced within moments, so the probe waits briefly before it says "not yet".
 */
function knowledgeReady(runtime: Runtime, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const notYet = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the help centre is still being synced into the knowledge base')),
      waitMs,
    );
  });
  return Promise.race([runtime.knowledgeSynced, notYet]).finally(() => clearTimeout(timer));
}

export function appDepsFromRuntime(
  runtime: Runtime,
  http: Partial<HttpOptions> = {},
  /** How long the readiness probe waits for the help centre's sync before it says "not yet". */
  { knowledgeWaitMs = KNOWLEDGE_WAIT_MS }: { knowledgeWaitMs?: number } = {},
): RuntimeAppDeps {
  const { config, rateLimits: redis } = runtime;
  const readiness: ReadinessCheck[] = [
    ...(redis ? [{ name: 'redis', check: async () => void (await redis.ping()) }] : []),
    { name: 'knowledge', check: () => knowledgeReady(runtime, knowledgeWaitMs) },
  ];
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
      operations: deskOperations(runtime),
    },
    close: () => Promise.resolve(),
  };
}
