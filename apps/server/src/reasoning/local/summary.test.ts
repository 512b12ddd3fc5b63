import { describe, expect, it } from 'vitest';
import { summariseConversation } from './summary.js';

describe('conversation summary', () => {
  it('records what was asked, how it ended and the topics, from the words used', () => {
    const summary = summariseConversation({
      customer: { id: 'cus_04', name: 'Daniel Kim' },
      messages: [
        { role: 'customer', text: "I can't log in. I tried twice." },
        { role: 'agent', text: 'Hi Daniel,\n\nCheck Caps Lock first. Then clear your cookies.' },
        { role: 'customer', text: 'Still not working' },
        { role: 'agent', text: 'Hi Daniel,\n\nI have passed this to our team (ticket T-1).' },
      ],
      outcome: 'external',
    });
    expect(summary.summary).toContain('"I can\'t log in."');
    expect(summary.summary).toContain('Outcome: external.');
    expect(summary.topics).toEqual(['sign_in_problem']);
    expect(summary.resolution).toBe('I have passed this to our team (ticket T-1).');
  });

  it('copes with a conversation with no reply yet', () => {
    const summary = summariseConversation({
      customer: { id: 'c', name: 'Ada' },
      messages: [{ role: 'customer', text: 'Hello' }],
      outcome: 'awaiting_approval',
    });
    expect(summary.resolution).toBeUndefined();
    expect(summary.topics).toEqual(['greeting']);
  });
});
