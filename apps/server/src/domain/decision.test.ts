import { describe, it, expect } from 'vitest';
import { agentNames, decisionSchema, makeDecision } from './decision.js';
import type { DecisionInput } from './decision.js';

const triage: DecisionInput = {
  id: 'dec_1',
  agent: 'triage',
  outcome: 'priority 7',
  confidence: 0.82,
  reasons: ['order is late', 'customer asked twice'],
  durationMs: 412,
  at: new Date('2025-03-01T10:00:00Z'),
};

const invalid = expect.objectContaining({ code: 'VALIDATION_FAILED' });

describe('decision', () => {
  it('records what an agent decided, with the time as an ISO string', () => {
    const decision = makeDecision(triage);
    expect(decision).toEqual({ ...triage, at: '2025-03-01T10:00:00.000Z' });
    expect(decisionSchema.parse(decision)).toEqual(decision);
  });

  it('accepts an ISO string for the time and no reasons', () => {
    const { reasons: _reasons, ...withoutReasons } = triage;
    const decision = makeDecision({ ...withoutReasons, at: '2025-03-01T10:00:00+02:00' });
    expect(decision.reasons).toEqual([]);
    expect(decision.at).toBe('2025-03-01T10:00:00+02:00');
  });

  it('is immutable', () => {
    const decision = makeDecision(triage);
    expect(Object.isFrozen(decision)).toBe(true);
    expect(Object.isFrozen(decision.reasons)).toBe(true);
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects confidence %s', (confidence) => {
    expect(() => makeDecision({ ...triage, confidence })).toThrow(invalid);
  });

  it('rejects a negative duration, an empty outcome, a bad time and an unknown agent', () => {
    expect(() => makeDecision({ ...triage, durationMs: -1 })).toThrow(invalid);
    expect(() => makeDecision({ ...triage, outcome: '' })).toThrow(invalid);
    expect(() => makeDecision({ ...triage, at: 'yesterday' })).toThrow(invalid);
    expect(() => makeDecision({ ...triage, at: new Date('nope') })).toThrow(invalid);
    expect(() => makeDecision({ ...triage, agent: 'oracle' as 'triage' })).toThrow(invalid);
  });

  it('knows every agent in the graph', () => {
    expect(agentNames).toEqual([
      'supervisor',
      'triage',
      'research',
      'solution',
      'quality',
      'escalation',
      'human_review',
      'human_decision',
      'deliver',
      'external',
    ]);
  });
});
