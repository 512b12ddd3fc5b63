// An action the desk proposes to take for a customer (a refund, a cancellation...). Proposing is not doing:
// policies decide whether a person must approve it first.
import { DeskError } from '../errors.js';
import type { Money } from './money.js';

export const actionKinds = ['refund', 'cancel_order', 'change_address', 'create_ticket'] as const;
export type ActionKind = (typeof actionKinds)[number];

export interface ProposedAction {
  readonly kind: ActionKind;
  /** What the action costs or returns; a refund always says how much. */
  readonly amount?: Money | undefined;
  readonly orderId?: string | undefined;
  /** One line for the person who approves it, e.g. "Refund the damaged kettle". */
  readonly summary?: string | undefined;
}

/** Throws VALIDATION_FAILED for an unknown kind or a refund without an amount. */
export const makeProposedAction = (action: ProposedAction): ProposedAction => {
  if (!(actionKinds as readonly string[]).includes(action.kind)) {
    throw new DeskError('VALIDATION_FAILED', 'Unknown kind of action', { kind: action.kind });
  }
  if (action.kind === 'refund' && action.amount === undefined) {
    throw new DeskError('VALIDATION_FAILED', 'A refund must say how much', { kind: action.kind });
  }
  return Object.freeze({ ...action });
};
