import { describe, it, expect } from 'vitest';
import { makeProposedAction } from './action.js';
import type { ProposedAction } from './action.js';
import { Money } from './money.js';

describe('proposed action', () => {
  it('keeps a refund with its amount', () => {
    const action = makeProposedAction({
      kind: 'refund',
      amount: Money.fromMajor(20, 'USD'),
      orderId: 'ord_1',
    });
    expect(action.amount?.format()).toBe('$20.00');
    expect(Object.isFrozen(action)).toBe(true);
  });

  it('refuses a refund that does not say how much', () => {
    expect(() => makeProposedAction({ kind: 'refund' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('needs no amount for other kinds', () => {
    expect(makeProposedAction({ kind: 'change_address', orderId: 'ord_1' }).kind).toBe('change_address');
  });

  it('refuses an unknown kind', () => {
    expect(() => makeProposedAction({ kind: 'wire_money' } as unknown as ProposedAction)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
