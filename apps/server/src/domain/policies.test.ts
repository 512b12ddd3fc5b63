import { describe, it, expect } from 'vitest';
import { Money } from './money.js';
import {
  evaluateApproval,
  lowConfidence,
  passesQuality,
  priorityOverLimit,
  refundOverLimit,
  vipCustomer,
} from './policies.js';
import type { ApprovalContext } from './policies.js';

const routine: ApprovalContext = { customer: { tier: 'standard' }, priority: 5, confidence: 0.9 };

const refundOf = (major: number, currency = 'USD'): ApprovalContext => ({
  ...routine,
  action: { kind: 'refund', amount: Money.fromMajor(major, currency) },
});

const rulesOf = (context: ApprovalContext, options = {}) =>
  evaluateApproval(context, options).reasons.map((reason) => reason.rule);

describe('refund policy', () => {
  it('lets a refund of exactly $500.00 through', () => {
    expect(refundOverLimit().isSatisfiedBy(refundOf(500))).toBe(false);
    expect(evaluateApproval(refundOf(500)).needsPerson).toBe(false);
  });

  it('asks an approver for refunds over $500', () => {
    const verdict = evaluateApproval(refundOf(500.01));
    expect(verdict.needsPerson).toBe(true);
    expect(verdict.reasons).toEqual([
      { rule: 'refund_over_limit', explanation: 'A refund of $500.01 is over the $500.00 limit.' },
    ]);
    expect(verdict.allowedRoles).toEqual(['approver', 'admin']);
  });

  it('reads the limit in the refund’s own currency', () => {
    expect(rulesOf(refundOf(500.01, 'EUR'))).toEqual(['refund_over_limit']);
    expect(rulesOf(refundOf(500, 'JPY'))).toEqual([]);
    expect(rulesOf(refundOf(501, 'JPY'))).toEqual(['refund_over_limit']);
    expect(evaluateApproval(refundOf(600, 'GBP')).reasons[0]?.explanation).toBe(
      'A refund of 600.00 GBP is over the 500.00 GBP limit.',
    );
  });

  it('asks an approver when a refund does not say how much', () => {
    const verdict = evaluateApproval({ ...routine, action: { kind: 'refund' } });
    expect(verdict.reasons.map((r) => r.rule)).toEqual(['refund_over_limit']);
    expect(verdict.allowedRoles).toEqual(['approver', 'admin']);
  });

  it('ignores amounts on actions that are not refunds', () => {
    const context: ApprovalContext = {
      ...routine,
      action: { kind: 'cancel_order', amount: Money.fromMajor(900, 'USD') },
    };
    expect(evaluateApproval(context).needsPerson).toBe(false);
  });

  it('takes a configured limit', () => {
    expect(rulesOf(refundOf(150), { refundLimit: 100 })).toEqual(['refund_over_limit']);
    expect(rulesOf(refundOf(150), { refundLimit: 200 })).toEqual([]);
  });
});

describe('priority policy', () => {
  it('lets priority 8 through and asks an approver at 9', () => {
    expect(priorityOverLimit().isSatisfiedBy({ ...routine, priority: 8 })).toBe(false);
    const verdict = evaluateApproval({ ...routine, priority: 9 });
    expect(verdict.reasons).toEqual([{ rule: 'priority_over_limit', explanation: 'Priority 9 is above 8.' }]);
    expect(verdict.allowedRoles).toEqual(['approver', 'admin']);
  });

  it('takes a configured limit', () => {
    expect(rulesOf({ ...routine, priority: 6 }, { priorityLimit: 5 })).toEqual(['priority_over_limit']);
  });
});

describe('VIP review', () => {
  it('has a person look at every action on a VIP account, and any agent may do it', () => {
    expect(vipCustomer.isSatisfiedBy({ ...routine, customer: { tier: 'vip' } })).toBe(true);
    const verdict = evaluateApproval({ ...routine, customer: { tier: 'vip' } });
    expect(verdict.reasons.map((r) => r.rule)).toEqual(['vip_review']);
    expect(verdict.allowedRoles).toEqual(['agent', 'approver', 'admin']);
  });

  it("holds a VIP's reply only when it carries an action or the desk is less than sure of it", () => {
    const vipReply: ApprovalContext = { ...routine, customer: { tier: 'vip' }, subject: 'reply' };
    expect(rulesOf(vipReply)).toEqual([]);
    expect(rulesOf({ ...vipReply, confidence: 0.69 })).toEqual(['vip_review']);
    expect(rulesOf({ ...vipReply, confidence: 0.65 }, { vipConfidenceFloor: 0.6 })).toEqual([]);
    expect(rulesOf({ ...refundOf(20), customer: { tier: 'vip' }, subject: 'reply' })).toEqual(['vip_review']);
  });
});

describe('quality bar', () => {
  it('passes a draft at 0.6 and fails it at 0.59', () => {
    expect(passesQuality().isSatisfiedBy({ ...routine, confidence: 0.6 })).toBe(true);
    expect(passesQuality().isSatisfiedBy({ ...routine, confidence: 0.59 })).toBe(false);
    expect(lowConfidence().isSatisfiedBy({ ...routine, confidence: 0.59 })).toBe(true);
    expect(passesQuality().reason).toBe('the confidence is at least 0.6');
  });

  it('has any agent read a low-confidence draft', () => {
    const verdict = evaluateApproval({ ...routine, confidence: 0.59 });
    expect(verdict.reasons).toEqual([
      { rule: 'low_confidence', explanation: 'Confidence 0.59 is below the 0.6 floor.' },
    ]);
    expect(verdict.allowedRoles).toEqual(['agent', 'approver', 'admin']);
  });

  it('takes a configured floor', () => {
    expect(rulesOf({ ...routine, confidence: 0.7 }, { confidenceFloor: 0.8 })).toEqual(['low_confidence']);
  });
});

describe('approval', () => {
  it('needs nobody for a routine request', () => {
    expect(evaluateApproval(routine)).toEqual({ needsPerson: false, reasons: [], allowedRoles: [] });
  });

  it('gives every reason and only the roles that may answer all of them', () => {
    const verdict = evaluateApproval({
      ...refundOf(749),
      customer: { tier: 'vip' },
      priority: 10,
      confidence: 0.2,
    });
    expect(verdict.reasons.map((r) => r.rule)).toEqual([
      'refund_over_limit',
      'priority_over_limit',
      'vip_review',
      'low_confidence',
    ]);
    expect(verdict.allowedRoles).toEqual(['approver', 'admin']);
  });

  it('uses the default for an option given as undefined', () => {
    expect(rulesOf(refundOf(500.01), { refundLimit: undefined })).toEqual(['refund_over_limit']);
  });

  it('refuses an out-of-range priority or confidence', () => {
    const invalid = expect.objectContaining({ code: 'VALIDATION_FAILED' });
    expect(() => evaluateApproval({ ...routine, priority: 11 })).toThrow(invalid);
    expect(() => evaluateApproval({ ...routine, confidence: 1.5 })).toThrow(invalid);
  });

  it('refuses nonsensical thresholds', () => {
    const invalid = expect.objectContaining({ code: 'VALIDATION_FAILED' });
    expect(() => evaluateApproval(routine, { refundLimit: -1 })).toThrow(invalid);
    expect(() => evaluateApproval(routine, { priorityLimit: 8.5 })).toThrow(invalid);
    expect(() => evaluateApproval(routine, { confidenceFloor: 2 })).toThrow(invalid);
  });
});
