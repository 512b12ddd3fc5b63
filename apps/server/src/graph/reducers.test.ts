import { describe, expect, it } from 'vitest';
import {
  DECISIONS_IN_STATE,
  mergeDecisions,
  mergeMetrics,
  mergeSessionData,
  mergeTurnScoped,
  unionContextIds,
  type StepDecision,
} from './reducers.js';

const decision = (id: string, at: string, outcome = 'ok'): StepDecision => ({
  id,
  agent: 'triage',
  outcome,
  confidence: 0.9,
  reasons: [],
  durationMs: 1,
  at,
});

describe('decisions reducer', () => {
  it('appends new decisions sorted by time', () => {
    const merged = mergeDecisions(
      [decision('b', '2026-01-01T00:00:02Z')],
      [decision('a', '2026-01-01T00:00:01Z')],
    );
    expect(merged.map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('keeps one decision per id, the later write winning', () => {
    const merged = mergeDecisions(
      [decision('a', '2026-01-01T00:00:01Z', 'first')],
      decision('a', '2026-01-01T00:00:01Z', 'second'),
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]?.outcome).toBe('second');
  });

  it('keeps only the latest decisions of a long thread', () => {
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    const earlier = Array.from({ length: DECISIONS_IN_STATE }, (_, i) => decision(`d${i}`, at(i)));
    const merged = mergeDecisions(earlier, [decision('late', at(DECISIONS_IN_STATE + 1))]);
    expect(merged).toHaveLength(DECISIONS_IN_STATE);
    // The oldest went; the newest is last.
    expect(merged[0]?.id).toBe('d1');
    expect(merged.at(-1)?.id).toBe('late');
  });
});

describe('context ids reducer', () => {
  it('is a set union', () => {
    expect(unionContextIds(['kb:a', 'order:1'], ['order:1', 'kb:b'])).toEqual(['kb:a', 'kb:b', 'order:1']);
  });
});

describe('metrics reducer', () => {
  it('sums counts', () => {
    expect(mergeMetrics({ tool_calls_count: 2 }, { tool_calls_count: 3 })).toEqual({ tool_calls_count: 5 });
  });

  it('weights averages by their counts', () => {
    const merged = mergeMetrics({ latency_avg: 10, latency_count: 3 }, { latency_avg: 30, latency_count: 1 });
    expect(merged.latency_avg).toBeCloseTo(15);
    expect(merged.latency_count).toBe(4);
  });

  it('treats an average without a count as one observation', () => {
    expect(mergeMetrics({ latency_avg: 10 }, { latency_avg: 20 }).latency_avg).toBeCloseTo(15);
  });

  it('takes a first average as it is', () => {
    expect(mergeMetrics({}, { latency_avg: 42, latency_count: 2 })).toEqual({
      latency_avg: 42,
      latency_count: 2,
    });
  });

  it('replaces every other key', () => {
    expect(mergeMetrics({ priority: 3 }, { priority: 9 })).toEqual({ priority: 9 });
  });
});

describe('session data reducer', () => {
  it('merges shallowly and deletes keys set to undefined', () => {
    expect(mergeSessionData({ a: 1, b: 2 }, { b: undefined, c: 3 })).toEqual({ a: 1, c: 3 });
  });
});

describe('turn-scoped findings reducer', () => {
  it('merges writes of the same turn from parallel branches', () => {
    expect(mergeTurnScoped({ turn: 1, articles: ['a'] }, { turn: 1, orders: ['o'] })).toEqual({
      turn: 1,
      articles: ['a'],
      orders: ['o'],
    });
  });

  it('starts afresh for a newer turn and ignores stale writes', () => {
    expect(mergeTurnScoped({ turn: 1, articles: ['a'] }, { turn: 2 })).toEqual({ turn: 2 });
    expect(mergeTurnScoped<{ turn: number; x?: number }>({ turn: 2 }, { turn: 1, x: 1 })).toEqual({
      turn: 2,
    });
  });
});
