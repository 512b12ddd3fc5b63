import { describe, it, expect } from 'vitest';
import { CustomerRequest } from './customer-request.js';
import type { CustomerRequestState } from './customer-request.js';
import { makeDecision } from './decision.js';
import { Money } from './money.js';
import { Priority } from './priority.js';

const deskError = (code: string, details?: Record<string, unknown>): unknown =>
  expect.objectContaining(details === undefined ? { code } : { code, details });

const received = (): CustomerRequest =>
  CustomerRequest.receive({
    id: 'req_1',
    tenantId: 'acme',
    customerId: 'cus_1',
    threadId: 'thr_1',
    text: '  My kettle arrived broken.  ',
  });

const drafted = (): CustomerRequest =>
  received().triage(Priority.of(5)).startResearch().draftReply('Sorry! A refund is on its way.');

const refund = { kind: 'refund', amount: Money.fromMajor(40, 'USD'), orderId: 'ord_9' } as const;

describe('customer request', () => {
  describe('receiving', () => {
    it('starts as received with the trimmed text and nothing decided', () => {
      const request = received();
      expect(request.status).toBe('received');
      expect(request.text).toBe('My kettle arrived broken.');
      expect(request.priority).toBeUndefined();
      expect(request.decisions).toEqual([]);
    });

    it('refuses an empty or overlong message', () => {
      const base = { id: 'req_1', tenantId: 'acme', customerId: 'cus_1', threadId: 'thr_1' };
      expect(() => CustomerRequest.receive({ ...base, text: '   ' })).toThrow(deskError('MESSAGE_EMPTY'));
      expect(() => CustomerRequest.receive({ ...base, text: 'x'.repeat(8001) })).toThrow(
        deskError('MESSAGE_TOO_LONG', { maxChars: 8000, actualChars: 8001 }),
      );
    });

    it('needs every id', () => {
      expect(() =>
        CustomerRequest.receive({
          id: 'req_1',
          tenantId: '',
          customerId: 'cus_1',
          threadId: 'thr_1',
          text: 'Hi',
        }),
      ).toThrow(deskError('VALIDATION_FAILED'));
    });
  });

  describe('the happy path', () => {
    it('goes from received to delivered, one step at a time', () => {
      const delivered = drafted().proposeAction(refund).markReviewed().awaitApproval().deliver();
      expect(delivered.status).toBe('delivered');
      expect(delivered.reply).toBe('Sorry! A refund is on its way.');
      expect(delivered.proposedAction?.amount?.format()).toBe('$40.00');
      expect(delivered.priority?.value).toBe(5);
      expect(delivered.isTerminal()).toBe(true);
    });

    it('delivers the reply as the approving person edited it', () => {
      const request = drafted().markReviewed().awaitApproval().deliver('  Sorry! Refund sent today.  ');
      expect(request.reply).toBe('Sorry! Refund sent today.');
    });

    it('never changes the request it was called on', () => {
      const before = received();
      const after = before.triage(Priority.of(3));
      expect(before.status).toBe('received');
      expect(after.status).toBe('triaged');
      expect(Object.isFrozen(after.toState())).toBe(true);
    });
  });

  describe('transitions', () => {
    it('refuses a move the lifecycle does not allow, saying from where to where', () => {
      expect(() => received().transitionTo('delivered')).toThrow(
        deskError('INVALID_STATE_TRANSITION', { from: 'received', to: 'delivered' }),
      );
      expect(() => drafted().awaitApproval()).toThrow(
        deskError('INVALID_STATE_TRANSITION', { from: 'drafted', to: 'awaiting_approval' }),
      );
    });

    it('never moves a finished request', () => {
      const delivered = drafted().markReviewed().awaitApproval().deliver();
      expect(() => delivered.fail('too late')).toThrow(deskError('INVALID_STATE_TRANSITION'));
      expect(() => delivered.draftReply('again')).toThrow(deskError('INVALID_STATE_TRANSITION'));
      const failed = received().fail('model unavailable');
      expect(() => failed.triage(Priority.of(2))).toThrow(deskError('INVALID_STATE_TRANSITION'));
    });

    it('will not reach a state without what that state needs, even through transitionTo', () => {
      expect(() => received().transitionTo('triaged')).toThrow(
        deskError('INVALID_STATE_TRANSITION', { from: 'received', to: 'triaged' }),
      );
      const researching = received().triage(Priority.of(5)).startResearch();
      expect(() => researching.transitionTo('drafted')).toThrow(deskError('INVALID_STATE_TRANSITION'));
      expect(() => researching.transitionTo('failed')).toThrow(deskError('INVALID_STATE_TRANSITION'));
    });

    it('knows which moves are open', () => {
      expect(drafted().canTransitionTo('reviewed')).toBe(true);
      expect(drafted().canTransitionTo('delivered')).toBe(false);
    });
  });

  describe('escalation and hand-off', () => {
    it('escalates from triage, research or review, and hands off to an outside team', () => {
      const triaged = received().triage(Priority.of(9));
      expect(triaged.escalate().status).toBe('escalated');
      expect(triaged.startResearch().escalate().status).toBe('escalated');
      expect(drafted().markReviewed().escalate().handOffExternally().status).toBe('external');
      expect(drafted().markReviewed().awaitApproval().handOffExternally().status).toBe('external');
    });

    it('does not escalate before triage or from a fresh draft', () => {
      expect(() => received().escalate()).toThrow(deskError('INVALID_STATE_TRANSITION'));
      expect(() => drafted().escalate()).toThrow(deskError('INVALID_STATE_TRANSITION'));
    });

    it('lets a person write the reply for an escalated request', () => {
      const request = received().triage(Priority.of(9)).escalate().draftReply('We are on it.');
      expect(request.status).toBe('drafted');
    });
  });

  describe('revisions', () => {
    it('sends a reviewed or waiting draft back to be rewritten', () => {
      expect(drafted().markReviewed().draftReply('Better reply').reply).toBe('Better reply');
      expect(drafted().markReviewed().awaitApproval().draftReply('Better reply').status).toBe('drafted');
    });

    it('drops the proposed action when the draft is rewritten', () => {
      const revised = drafted().proposeAction(refund).markReviewed().draftReply('Let us try a replacement.');
      expect(revised.proposedAction).toBeUndefined();
    });

    it('refuses an empty draft', () => {
      const researching = received().triage(Priority.of(5)).startResearch();
      expect(() => researching.draftReply('  ')).toThrow(deskError('MESSAGE_EMPTY'));
    });
  });

  describe('proposing an action', () => {
    it('is allowed only while drafting', () => {
      expect(() => received().triage(Priority.of(5)).proposeAction(refund)).toThrow(
        deskError('INVALID_STATE_TRANSITION', { status: 'triaged', operation: 'proposeAction' }),
      );
      expect(() => drafted().markReviewed().proposeAction(refund)).toThrow(
        deskError('INVALID_STATE_TRANSITION'),
      );
    });

    it('replaces an earlier proposal', () => {
      const request = drafted()
        .proposeAction(refund)
        .proposeAction({ kind: 'cancel_order', orderId: 'ord_9' });
      expect(request.proposedAction?.kind).toBe('cancel_order');
    });

    it('refuses a refund without an amount', () => {
      expect(() => drafted().proposeAction({ kind: 'refund' })).toThrow(deskError('VALIDATION_FAILED'));
    });
  });

  describe('failing', () => {
    it('fails from any unfinished status and records why', () => {
      expect(received().fail(' model unavailable ').failureReason).toBe('model unavailable');
      expect(drafted().markReviewed().awaitApproval().fail('timed out').status).toBe('failed');
    });

    it('needs a reason', () => {
      expect(() => received().fail('  ')).toThrow(deskError('VALIDATION_FAILED'));
    });
  });

  describe('decisions', () => {
    const decision = makeDecision({
      id: 'dec_1',
      agent: 'triage',
      outcome: 'priority 5',
      confidence: 0.9,
      durationMs: 120,
      at: new Date('2025-03-01T10:00:00Z'),
    });

    it('are appended in order, even after delivery', () => {
      const delivered = drafted().markReviewed().awaitApproval().deliver();
      const request = delivered.recordDecision(decision).recordDecision({ ...decision, id: 'dec_2' });
      expect(request.decisions.map((d) => d.id)).toEqual(['dec_1', 'dec_2']);
      expect(delivered.decisions).toEqual([]);
      expect(Object.isFrozen(request.decisions)).toBe(true);
    });
  });

  describe('restoring', () => {
    const stored = (): CustomerRequestState => drafted().proposeAction(refund).markReviewed().toState();

    it('rebuilds a stored request', () => {
      const request = CustomerRequest.restore(stored());
      expect(request.status).toBe('reviewed');
      expect(request.awaitApproval().status).toBe('awaiting_approval');
    });

    it.each<[string, Partial<CustomerRequestState>]>([
      ['a delivered request without a reply', { status: 'delivered', reply: undefined }],
      ['a triaged request without a priority', { status: 'triaged', priority: undefined, reply: undefined }],
      ['a researching request with an action', { status: 'researching', reply: undefined }],
      ['a failed request without a reason', { status: 'failed' }],
      ['a reason on a request that did not fail', { failureReason: 'oops' }],
      ['an unknown status', { status: 'done' as 'delivered' }],
      ['an empty text', { text: ' ' }],
    ])('refuses %s', (_case, change) => {
      expect(() => CustomerRequest.restore({ ...stored(), ...change })).toThrow(
        deskError('VALIDATION_FAILED'),
      );
    });
  });

  it('serialises with plain numbers and amounts', () => {
    const json: unknown = JSON.parse(JSON.stringify(drafted().proposeAction(refund)));
    expect(json).toMatchObject({
      status: 'drafted',
      priority: 5,
      proposedAction: { kind: 'refund', amount: { amountMinor: 4000, currency: 'USD' } },
    });
  });
});
