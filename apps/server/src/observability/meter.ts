// Process-wide operational metrics that no single HTTP app owns: model tokens, cost and calls, the response
// cache, circuit breakers, knowledge search latency and background task failures. Product code reports
// through the small functions below (cheap, never throwing); /metrics appends this registry to its own.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();

/** `openai:gpt-4o` → provider `openai`, model `gpt-4o`; the local engine has no provider prefix. */
function splitModel(name: string): { provider: string; model: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { provider: 'local', model: name }
    : { provider: name.slice(0, colon), model: name.slice(colon + 1) };
}

const modelTokens = new Counter({
  name: 'frontdesk_model_tokens_total',
  help: 'Model tokens by provider, model and direction (input, output)',
  labelNames: ['provider', 'model', 'direction'] as const,
  registers: [processRegistry],
});
const modelCost = new Counter({
  name: 'frontdesk_model_cost_usd_total',
  help: 'Model cost in US dollars by provider and model (from the price table)',
  labelNames: ['provider', 'model'] as const,
  registers: [processRegistry],
});
const modelCalls = new Counter({
  name: 'frontdesk_model_calls_total',
  help: 'Model calls by provider, model and outcome (ok, failed, cached)',
  labelNames: ['provider', 'model', 'outcome'] as const,
  registers: [processRegistry],
});
const cacheLookups = new Counter({
  name: 'frontdesk_model_cache_lookups_total',
  help: 'Model response cache lookups by result (hit, miss)',
  labelNames: ['result'] as const,
  registers: [processRegistry],
});
const knowledgeSearch = new Histogram({
  name: 'frontdesk_knowledge_search_duration_seconds',
  help: 'Knowledge search latency',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [processRegistry],
});
const taskFailures = new Counter({
  name: 'frontdesk_task_failures_total',
  help: 'Background tasks that used up their attempts, by task',
  labelNames: ['task'] as const,
  registers: [processRegistry],
});

/** Circuit breakers by model name, read at scrape time. */
const circuits = new Map<string, { readonly state: string }>();
new Gauge({
  name: 'frontdesk_model_circuit_open',
  help: '1 while the circuit breaker of a provider model is open (the model is skipped), else 0',
  labelNames: ['provider', 'model'] as const,
  registers: [processRegistry],
  collect() {
    this.reset();
    for (const [name, breaker] of circuits) this.set(splitModel(name), breaker.state === 'open' ? 1 : 0);
  },
});

export interface ModelUsageReading {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cached?: boolean;
}

export function observeModelUsage(usage: ModelUsageReading, failed = false): void {
  const labels = splitModel(usage.model);
  modelCalls.inc({ ...labels, outcome: usage.cached ? 'cached' : failed ? 'failed' : 'ok' });
  if (usage.inputTokens > 0) modelTokens.inc({ ...labels, direction: 'input' }, usage.inputTokens);
  if (usage.outputTokens > 0) modelTokens.inc({ ...labels, direction: 'output' }, usage.outputTokens);
  if (usage.costUsd > 0) modelCost.inc(labels, usage.costUsd);
}

export const observeCacheLookup = (hit: boolean) => cacheLookups.inc({ result: hit ? 'hit' : 'miss' });

export const watchCircuit = (model: string, breaker: { readonly state: string }) => {
  circuits.set(model, breaker);
};

export const observeTaskFailure = (task: string) => taskFailures.inc({ task });

/** Times a knowledge search (successful or not). */
export async function timeKnowledgeSearch<T>(search: () => Promise<T>): Promise<T> {
  const stop = knowledgeSearch.startTimer();
  try {
    return await search();
  } finally {
    stop();
  }
}

const spansDropped = new Counter({
  name: 'frontdesk_trace_spans_dropped_total',
  help: 'Trace spans dropped instead of exported, by reason (queue_full, export_failed)',
  labelNames: ['reason'] as const,
  registers: [processRegistry],
});
const spansExported = new Counter({
  name: 'frontdesk_trace_spans_exported_total',
  help: 'Trace spans the OTLP collector accepted',
  registers: [processRegistry],
});

export const observeSpansDropped = (reason: 'queue_full' | 'export_failed', count: number) =>
  spansDropped.inc({ reason }, count);

export const observeSpansExported = (count: number) => spansExported.inc(count);
