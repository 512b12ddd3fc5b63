// Pure reducers for the graph state's channels (DESIGN §2). Parallel branches (research fan-out) and
// successive nodes write to these; each reducer says how two writes combine.

import type { Decision } from '../domain/index.js';

/** A domain Decision as the graph records it, with what the step spent on models (absent when it asked none). */
export type StepDecision = Decision & { readonly usage?: StepUsage };

/** Tokens and cost of one step, the models that answered, and why any model was passed over. */
export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  models: string[];
  fallbacks: string[];
}

/**
 * How many of a thread's latest decisions its state keeps: a turn's steps and then some. The whole trail is in
 * the store (every decision, with its tool calls); the state's copy is rewritten into the checkpoint at every
 * step, so unbounded it made a conversation's checkpoints grow with the square of its turns (an eight-turn
 * thread wrote 384 KB of decisions into its checkpoints; 258 KB with this bound, and the gap grows per turn).
 */
export const DECISIONS_IN_STATE = 24;

/**
 * Decisions: appended, de-duplicated by id (a later write of the same id wins), sorted by time, the latest
 * DECISIONS_IN_STATE kept.
 */
export function mergeDecisions(
  current: StepDecision[],
  update: StepDecision[] | StepDecision,
): StepDecision[] {
  const byId = new Map(current.map((decision) => [decision.id, decision]));
  for (const decision of Array.isArray(update) ? update : [update]) byId.set(decision.id, decision);
  const sorted = [...byId.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return sorted.length > DECISIONS_IN_STATE ? sorted.slice(-DECISIONS_IN_STATE) : sorted;
}

/** Context ids: a set union, kept as a sorted array so checkpoints serialise it as JSON. */
export function unionContextIds(current: string[], update: string[]): string[] {
  return [...new Set([...current, ...update])].sort();
}

/**
 * Metrics: `*_count` keys add up; `*_avg` keys average, weighted by the matching count in each side
 * (`latency_avg` by `latency_count`, treated as 1 when absent); every other key is replaced.
 */
export function mergeMetrics(
  current: Record<string, number>,
  update: Record<string, number>,
): Record<string, number> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (key.endsWith('_avg')) {
      const countKey = `${key.slice(0, -'_avg'.length)}_count`;
      const oldWeight = current[key] === undefined ? 0 : (current[countKey] ?? 1);
      const newWeight = update[countKey] ?? 1;
      const total = oldWeight + newWeight;
      merged[key] = total === 0 ? value : ((current[key] ?? 0) * oldWeight + value * newWeight) / total;
    } else if (key.endsWith('_count')) {
      merged[key] = (current[key] ?? 0) + value;
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** Shallow merge for free-form session data; `undefined` values delete a key. */
export function mergeSessionData(
  current: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * Per-turn findings written by parallel branches: writes of the same turn merge key by key; a write for a
 * newer turn starts afresh (that is how the supervisor clears the previous turn's research).
 */
export function mergeTurnScoped<T extends { turn: number }>(current: T, update: T): T {
  if (update.turn > current.turn) return update;
  if (update.turn < current.turn) return current;
  return { ...current, ...update };
}
