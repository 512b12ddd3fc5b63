import { describe, it, expect } from 'vitest';
import {
  assertTransition,
  canTransition,
  isRequestStatus,
  isTerminalStatus,
  nextStatuses,
  requestStatuses,
} from './request-status.js';
import type { RequestStatus } from './request-status.js';

const allowed: ReadonlyArray<[RequestStatus, RequestStatus]> = [
  ['received', 'triaged'],
  ['triaged', 'researching'],
  ['researching', 'drafted'],
  ['drafted', 'reviewed'],
  ['reviewed', 'awaiting_approval'],
  ['awaiting_approval', 'delivered'],
  ['triaged', 'escalated'],
  ['researching', 'escalated'],
  ['reviewed', 'escalated'],
  ['escalated', 'external'],
  ['awaiting_approval', 'external'],
  ['awaiting_approval', 'drafted'],
  ['reviewed', 'drafted'],
  ['escalated', 'drafted'],
  ['triaged', 'drafted'],
  ['reviewed', 'delivered'],
];

const terminal: readonly RequestStatus[] = ['delivered', 'external', 'failed'];

describe('request lifecycle', () => {
  it.each(allowed)('lets a %s request become %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('allows nothing else, apart from failing', () => {
    for (const from of requestStatuses) {
      for (const to of requestStatuses) {
        const expected =
          allowed.some(([f, t]) => f === from && t === to) || (to === 'failed' && !terminal.includes(from));
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('lets every unfinished request fail', () => {
    for (const from of requestStatuses.filter((status) => !terminal.includes(status))) {
      expect(canTransition(from, 'failed')).toBe(true);
    }
  });

  it.each(terminal)('never moves a %s request again', (status) => {
    expect(isTerminalStatus(status)).toBe(true);
    expect(nextStatuses(status)).toEqual([]);
  });

  it('reports a forbidden move with where it came from and where it was going', () => {
    expect(() => assertTransition('received', 'delivered')).toThrow(
      expect.objectContaining({
        code: 'INVALID_STATE_TRANSITION',
        details: { from: 'received', to: 'delivered' },
      }),
    );
  });

  it('does not skip review on the way to a person', () => {
    expect(canTransition('drafted', 'awaiting_approval')).toBe(false);
    expect(canTransition('drafted', 'delivered')).toBe(false);
  });

  it('recognises its own statuses only', () => {
    expect(isRequestStatus('drafted')).toBe(true);
    expect(isRequestStatus('done')).toBe(false);
    expect(isRequestStatus(3)).toBe(false);
  });
});
