// The model router: each agent's chain of models from configuration, tried in order, each behind its own
// circuit breaker, then the local engine — so a model that is down, slow, rate-limited, answers garbage or
// does not exist never fails a customer's request. Every model passed over is recorded with the reason.
import type { Logger } from '../../logger.js';
import type { LocalReasoningEngine } from '../local/engine.js';
import type {
  Classification,
  ClassifyInput,
  Draft,
  DraftInput,
  ModelUsage,
  ReasoningContext,
  ReasoningEngine,
  Review,
  ReviewInput,
  SummariseInput,
  Summary,
} from '../port.js';
import { CircuitBreaker, defaultBreakerOptions, type BreakerOptions } from './breaker.js';
import { ModelFailure, type ModelReasoningEngine } from './model-engine.js';
import { routeFor, specName, type ModelRoutes, type ModelSpec } from './routes.js';
import { watchCircuit } from '../../observability/meter.js';

/** The agent that asks when a caller gives no context (summaries for memory, tools). */
const agentFor: Record<ModelUsage['operation'], string> = {
  classify: 'triage',
  draft: 'solution',
  review: 'quality',
  summarise: 'memory',
};

export interface RouterDeps {
  routes: ModelRoutes;
  /** Builds (once per model) the engine that asks it. */
  engineFor: (spec: ModelSpec) => ModelReasoningEngine;
  local: LocalReasoningEngine;
  logger: Logger;
  breaker?: BreakerOptions;
}

export class ModelRouter implements ReasoningEngine {
  readonly name = 'router';
  private readonly engines = new Map<string, ModelReasoningEngine>();
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly deps: RouterDeps) {}

  /** The breaker state of each model asked so far (for health reports). */
  breakerStates(): Record<string, string> {
    return Object.fromEntries([...this.breakers].map(([name, breaker]) => [name, breaker.state]));
  }

  private async route<T>(
    operation: ModelUsage['operation'],
    context: ReasoningContext | undefined,
    viaModel: (engine: ModelReasoningEngine) => Promise<T>,
    viaLocal: () => Promise<T>,
  ): Promise<T> {
    const agent = context?.agent ?? agentFor[operation];
    for (const spec of routeFor(this.deps.routes, agent)) {
      const name = specName(spec);
      let breaker = this.breakers.get(name);
      if (!breaker) {
        this.breakers.set(name, (breaker = new CircuitBreaker(this.deps.breaker ?? defaultBreakerOptions)));
        watchCircuit(name, breaker);
      }
      if (!breaker.allows()) {
        context?.record?.(failed(name, operation, 'circuit open after repeated failures'));
        continue;
      }
      let engine = this.engines.get(name);
      if (!engine) this.engines.set(name, (engine = this.deps.engineFor(spec)));
      try {
        const result = await viaModel(engine);
        breaker.succeeded();
        return result;
      } catch (error) {
        breaker.failed();
        const failure = error instanceof ModelFailure ? error : undefined;
        const reason = failure?.reason ?? (error as Error).message ?? String(error);
        context?.record?.({ ...(failure?.usage ?? failed(name, operation, reason)), failure: reason });
        this.deps.logger.warn(
          { model: name, operation, agent, requestId: context?.requestId, reason },
          'model failed; falling back',
        );
      }
    }
    return viaLocal();
  }

  classify(input: ClassifyInput, context?: ReasoningContext): Promise<Classification> {
    return this.route(
      'classify',
      context,
      (e) => e.classify(input, context),
      () => this.deps.local.classify(input, context),
    );
  }

  draft(input: DraftInput, context?: ReasoningContext): Promise<Draft> {
    return this.route(
      'draft',
      context,
      (e) => e.draft(input, context),
      () => this.deps.local.draft(input, context),
    );
  }

  review(input: ReviewInput, context?: ReasoningContext): Promise<Review> {
    return this.route(
      'review',
      context,
      (e) => e.review(input, context),
      () => this.deps.local.review(input, context),
    );
  }

  summarise(input: SummariseInput, context?: ReasoningContext): Promise<Summary> {
    return this.route(
      'summarise',
      context,
      (e) => e.summarise(input, context),
      () => this.deps.local.summarise(input, context),
    );
  }
}

const failed = (model: string, operation: ModelUsage['operation'], failure: string): ModelUsage => ({
  model,
  operation,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  cached: false,
  failure,
});
