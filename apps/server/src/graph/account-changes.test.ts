// When a stated change may still be answered: unanswered, unexpired, and the last question the desk asked.
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { afterReadAnswer, afterSupervisor, awaitedChange } from './routing.js';
import type { PendingChange, SupportStateValue } from './state.js';

const question = 'Here is exactly what we\'d do: Cancel order ord_1028. Reply "yes" to go ahead.';
const change: PendingChange = {
  kind: 'cancel_order',
  actionId: 'cancel_order-ord_1028',
  idempotencyKey: 'req_1:cancel_order-ord_1028',
  params: { orderId: 'ord_1028', reason: 'x' },
  statement: 'Cancel order ord_1028.',
  confirmationToken: 'cf_1',
  approvalReasons: [],
  question,
  customerName: 'Luis',
  proposedBy: 'req_1',
  expiresAt: '2026-01-02T10:00:00.000Z',
  answer: null,
};

const thread = (overrides: Partial<SupportStateValue> = {}) =>
  ({
    turn: 2,
    startedAt: '2026-01-02T09:00:00.000Z',
    pendingChange: change,
    messages: [
      new HumanMessage({ id: 'req_1', content: 'cancel my order' }),
      new AIMessage({ id: 'req_1:reply', content: `Hi Luis,\n\n${question}` }),
      new HumanMessage({ id: 'req_2', content: 'yes' }),
    ],
    ...overrides,
  }) as SupportStateValue;

describe('a stated change awaiting the customer', () => {
  it('may be answered by the next message while it is the last question asked', () => {
    expect(awaitedChange(thread())).toBe(change);
    expect(afterSupervisor(thread())).toBe('read_answer');
    expect(afterSupervisor(thread({ pendingChange: null }))).toBe('triage');
  });

  it('lapses once it expires', () => {
    expect(awaitedChange(thread({ startedAt: '2026-01-02T10:00:00.000Z' }))).toBeUndefined();
  });

  it('lapses when a later reply (or a person who rewrote the reply) did not ask it', () => {
    const later = thread().messages.concat([
      new AIMessage({ id: 'req_2:reply', content: 'Here is how to reset your password.' }),
      new HumanMessage({ id: 'req_3', content: 'yes' }),
    ]);
    expect(awaitedChange(thread({ messages: later }))).toBeUndefined();
  });

  it('is answered once: an answer from an earlier turn does not route this one to the change', () => {
    const answered = { ...change, answer: { turn: 1, kind: 'confirm' as const, why: 'yes' } };
    expect(awaitedChange(thread({ pendingChange: answered }))).toBeUndefined();
    expect(afterReadAnswer(thread({ pendingChange: answered }))).toBe('triage');
    expect(
      afterReadAnswer(thread({ pendingChange: { ...answered, answer: { ...answered.answer, turn: 2 } } })),
    ).toBe('account_change');
  });
});
