// Agent decisions in words, and framework steps told apart from agents' decisions.
import { describe, expect, it } from 'vitest';
import { describeDecision, isFrameworkStep } from './decision-words.js';

describe('decisions in words', () => {
  it("says what each agent decided, in a support person's words", () => {
    expect(describeDecision({ agent: 'supervisor', outcome: 'route:triage', confidence: 1 })).toBe(
      'The supervisor passed the message to triage',
    );
    expect(describeDecision({ agent: 'triage', outcome: 'refund_request', confidence: 0.92 })).toBe(
      'Triage read it as refund request, 92% sure',
    );
    expect(
      describeDecision({
        agent: 'solution',
        outcome: 'reply',
        reasons: ['drafted by local', 'cites a1, a2'],
      }),
    ).toBe('The solution agent drafted a reply citing 2 articles');
    expect(describeDecision({ agent: 'solution', outcome: 'propose:refund', confidence: 0.85 })).toBe(
      'The solution agent proposed a refund, 85% sure',
    );
    expect(describeDecision({ agent: 'quality', outcome: 'needs-person' })).toBe(
      'Quality review asked a person to check the draft',
    );
    expect(describeDecision({ agent: 'human_review', outcome: 'approved' })).toBe('A person approved it');
  });

  it('names an agent it does not know without inventing words', () => {
    expect(describeDecision({ agent: 'billing_desk', outcome: 'looked-up' })).toBe('Billing desk: looked up');
  });

  it("tells LangGraph's own steps from agents", () => {
    expect(isFrameworkStep('__start__')).toBe(true);
    expect(isFrameworkStep('__interrupt__')).toBe(true);
    expect(isFrameworkStep('triage')).toBe(false);
  });
});
