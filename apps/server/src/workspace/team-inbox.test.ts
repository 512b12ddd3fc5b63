// One inbox row as the team reads it: the wait measured against the SLA target of the row's own priority
// (untriaged rows against `normal`), and the hand-off reason as a category with the amount as a detail.
import { describe, expect, it } from 'vitest';
import type { InboxRow } from '../store/index.js';
import { presentRow, type SlaTargets } from './team-inbox.js';

const sla: SlaTargets = { urgent: 15, high: 60, normal: 240, low: 1440 };
const now = Date.parse('2026-12-05T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

const row = (extra: Partial<InboxRow>): InboxRow => ({
  threadId: 'th_1',
  customerId: 'cus_01',
  customerName: 'Alice Moreno',
  customerEmail: 'alice.moreno@example.com',
  status: 'escalated',
  subject: 'My espresso machine arrived damaged',
  preview: 'Yes please',
  lastRole: 'customer',
  holder: undefined,
  priority: undefined,
  intent: undefined,
  channel: 'web',
  lastCustomerText: 'Yes please',
  approval: undefined,
  waitingSince: undefined,
  updatedAt: minutesAgo(1),
  ...extra,
});

describe('an inbox row', () => {
  it('measures the wait against the target of its own priority', () => {
    // Waiting 30 minutes: past the urgent target (15), within the high one (60).
    const urgent = presentRow(row({ priority: 9, waitingSince: minutesAgo(30) }), sla, now);
    expect(urgent).toMatchObject({
      priority: 'urgent',
      urgency: 9,
      waitingSeconds: 1_800,
      slaTargetMinutes: 15,
      slaBreached: true,
    });
    const high = presentRow(row({ priority: 7, waitingSince: minutesAgo(30) }), sla, now);
    expect(high).toMatchObject({ priority: 'high', slaTargetMinutes: 60, slaBreached: false });
    const low = presentRow(row({ priority: 2, waitingSince: minutesAgo(1_500) }), sla, now);
    expect(low).toMatchObject({ priority: 'low', slaTargetMinutes: 1_440, slaBreached: true });
  });

  it('holds an untriaged row to the normal target, and an answered one waits on nothing', () => {
    expect(presentRow(row({ waitingSince: minutesAgo(250) }), sla, now)).toMatchObject({
      priority: null,
      urgency: null,
      slaTargetMinutes: 240,
      slaBreached: true,
    });
    expect(presentRow(row({ priority: 9 }), sla, now)).toMatchObject({
      waitingSince: null,
      waitingSeconds: null,
      slaBreached: false,
    });
  });

  it('names the hand-off as a category, the amount (from the proposed refund) as a detail', () => {
    const refund = (id: string, reason: string, amountMinor: number) =>
      presentRow(row({ approval: { id, reason, amountMinor, currency: 'USD' } }), sla, now).handOff;
    const a = refund('apr_1', 'A refund of $749.00 is over the $500.00 limit.', 74_900);
    const b = refund('apr_2', 'A refund of $612.50 is over the $500.00 limit.', 61_250);
    expect(a).toEqual({ approvalId: 'apr_1', category: 'A refund is over the limit.', detail: '$749.00' });
    expect(b).toEqual({ approvalId: 'apr_2', category: 'A refund is over the limit.', detail: '$612.50' });
    const noAmount = presentRow(
      row({
        approval: {
          id: 'apr_3',
          reason: 'The customer asks for a person',
          amountMinor: undefined,
          currency: undefined,
        },
      }),
      sla,
      now,
    ).handOff;
    expect(noAmount).toEqual({
      approvalId: 'apr_3',
      category: 'The customer asks for a person',
      detail: null,
    });
  });
});
