// The lifecycle of a customer request, as one table of allowed moves. Everything that changes a request's
// status goes through `assertTransition`, so the table is the single place to read or change the rules.
import { DeskError } from '../errors.js';

export const requestStatuses = [
  'received',
  'triaged',
  'researching',
  'drafted',
  'reviewed',
  'awaiting_approval',
  'delivered',
  'escalated',
  'external',
  'failed',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

// The happy path runs received → triaged → researching → drafted → reviewed → delivered, as the support graph
// does: a simple case (a greeting) drafts straight after triage, and a draft that quality flags waits in
// awaiting_approval for a person before delivery. Escalation hands the request to a person; revision loops send a draft back to be rewritten; any request that
// is not finished can fail.
const allowedTransitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['triaged', 'failed'],
  triaged: ['researching', 'drafted', 'escalated', 'failed'],
  researching: ['drafted', 'escalated', 'failed'],
  drafted: ['reviewed', 'failed'],
  reviewed: ['delivered', 'awaiting_approval', 'drafted', 'escalated', 'failed'],
  awaiting_approval: ['delivered', 'drafted', 'external', 'failed'],
  escalated: ['drafted', 'external', 'failed'],
  delivered: [],
  external: [],
  failed: [],
};

export const isRequestStatus = (value: unknown): value is RequestStatus =>
  typeof value === 'string' && (requestStatuses as readonly string[]).includes(value);

/** Delivered, external and failed requests never move again. */
export const isTerminalStatus = (status: RequestStatus): boolean => allowedTransitions[status].length === 0;

export const nextStatuses = (from: RequestStatus): readonly RequestStatus[] => allowedTransitions[from];

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean =>
  allowedTransitions[from].includes(to);

/** Throws INVALID_STATE_TRANSITION with details `{ from, to }` when the table has no such move. */
export const assertTransition = (from: RequestStatus, to: RequestStatus): void => {
  if (!canTransition(from, to)) {
    throw new DeskError('INVALID_STATE_TRANSITION', `A ${from} request cannot become ${to}`, { from, to });
  }
};
