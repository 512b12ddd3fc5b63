import { describe, expect, it } from 'vitest';
import { handOffReason } from './hand-off-reason.js';

describe('hand-off reasons as categories', () => {
  it('groups refunds of different amounts under one category, keeping the amount as a detail', () => {
    const a = handOffReason('refund of $749.00 is over the 500 limit');
    const b = handOffReason('refund of $612.50 is over the 500 limit');
    expect(a.category).toBe(b.category);
    expect(a.category).toBe('Refund is over the limit');
    expect(a.amount).toBe('$749.00');
    expect(b.amount).toBe('$612.50');
  });

  it('keeps a reason without amounts as it is, capitalised', () => {
    expect(handOffReason('the customer asks for a person')).toEqual({
      category: 'The customer asks for a person',
      amount: undefined,
    });
  });

  it('names an empty reason "Other"', () => {
    expect(handOffReason('  ').category).toBe('Other');
  });
});
