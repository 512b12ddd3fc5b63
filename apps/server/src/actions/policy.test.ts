import { describe, expect, it } from 'vitest';
import { Money } from '../domain/index.js';
import { evaluateAction, type ActionPolicyContext } from './policy.js';

describe('safe action policy', () => {
  it('asks an approver for refunds over $500 and lets anyone do smaller ones', () => {
    const big = evaluateAction({ kind: 'refund', tier: 'standard', amount: Money.of(50_001, 'USD') });
    expect(big).toMatchObject({ needsPerson: true, allowedRoles: ['approver', 'admin'] });
    expect(
      evaluateAction({ kind: 'refund', tier: 'standard', amount: Money.of(50_000, 'USD') }).needsPerson,
    ).toBe(false);
  });

  it('sends every action on a VIP account to a person', () => {
    const vip = evaluateAction({ kind: 'change_address', tier: 'vip' });
    expect(vip).toMatchObject({ needsPerson: true, allowedRoles: ['agent', 'approver', 'admin'] });
    expect(vip.reasons[0]).toContain('VIP');
  });

  it('asks an approver to cancel a shipped order but not a processing one', () => {
    expect(evaluateAction({ kind: 'cancel_order', tier: 'standard', orderStatus: 'shipped' })).toMatchObject({
      needsPerson: true,
      allowedRoles: ['approver', 'admin'],
    });
    expect(
      evaluateAction({ kind: 'cancel_order', tier: 'standard', orderStatus: 'processing' }).needsPerson,
    ).toBe(false);
  });

  it('asks an agent about a refund after the 30-day window (a warranty claim), not within it', () => {
    const late = evaluateAction({
      kind: 'refund',
      tier: 'standard',
      amount: Money.of(2_900, 'USD'),
      daysSinceDelivery: 31,
    });
    expect(late).toMatchObject({ needsPerson: true, allowedRoles: ['agent', 'approver', 'admin'] });
    expect(late.reasons[0]).toContain('warranty');
    const inTime: ActionPolicyContext = {
      kind: 'refund',
      tier: 'standard',
      amount: Money.of(2_900, 'USD'),
      daysSinceDelivery: 30,
    };
    expect(evaluateAction(inTime).needsPerson).toBe(false);
    expect(evaluateAction({ ...inTime, daysSinceDelivery: undefined }).needsPerson).toBe(false);
  });

  it('combines rules: the person must be allowed to answer every reason', () => {
    const both = evaluateAction({ kind: 'return_or_exchange', tier: 'vip', daysSinceDelivery: 45 });
    expect(both.reasons).toHaveLength(2);
    expect(both.allowedRoles).toEqual(['agent', 'approver', 'admin']);
    const credit = evaluateAction({ kind: 'goodwill_credit', tier: 'vip', amount: Money.of(6_000, 'USD') });
    expect(credit.allowedRoles).toEqual(['approver', 'admin']);
  });
});
