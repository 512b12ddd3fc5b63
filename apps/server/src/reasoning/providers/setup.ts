// Puts the reasoning side together from configuration: the local engine alone when no models are configured,
// otherwise the router over each configured model with the local engine as the last fallback.
import type { Logger } from '../../logger.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { LocalReasoningEngine } from '../local/engine.js';
import type { TriageRules } from '../local/triage-rules.js';
import type { ReasoningEngine } from '../port.js';
import type { BreakerOptions } from './breaker.js';
import { createChatModel, type ProviderEndpoints } from './chat-models.js';
import { ModelReasoningEngine } from './model-engine.js';
import type { ModelRoutes, PriceTable } from './routes.js';
import { ModelRouter } from './router.js';

export interface ModelSettings {
  routes: ModelRoutes;
  openai: ProviderEndpoints['openai'];
  anthropic: ProviderEndpoints['anthropic'];
  timeoutMs: number;
  prices: PriceTable;
  cacheTtlSeconds: number;
}

export function createReasoning(options: {
  models: ModelSettings;
  local: LocalReasoningEngine;
  rules: TriageRules;
  cache: ResponseCache;
  logger: Logger;
  breaker?: BreakerOptions;
  /** First wait after a 429 (doubles per retry unless the provider sends Retry-After). */
  backoffMs?: number;
}): ReasoningEngine {
  const { models, local, rules, cache, logger } = options;
  if (Object.values(models.routes).every((chain) => chain.length === 0)) return local;
  const endpoints: ProviderEndpoints = { openai: models.openai, anthropic: models.anthropic };
  return new ModelRouter({
    routes: models.routes,
    local,
    logger,
    ...(options.breaker ? { breaker: options.breaker } : {}),
    engineFor: (spec) =>
      new ModelReasoningEngine({
        spec,
        chat: createChatModel(spec, endpoints),
        local,
        rules,
        prices: models.prices,
        call: { timeoutMs: models.timeoutMs, rateLimitRetries: 3, backoffMs: options.backoffMs ?? 500 },
        ...(models.cacheTtlSeconds > 0
          ? { cache: { store: cache, ttlMs: models.cacheTtlSeconds * 1000 } }
          : {}),
      }),
  });
}
