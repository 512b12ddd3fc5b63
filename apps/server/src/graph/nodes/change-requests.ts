// The graph's one way to an account change: the action tool on the CRM server, through the tools registry
// (so the allow-list applies and the call is recorded). The action desk behind it re-checks everything:
// the conversation's customer, the statement the customer confirmed (by its token), policy and approver,
// and the idempotency key that makes a retry, a resume or a replay change nothing twice.
import { z } from 'zod';
import type { ActionApprover } from '../../actions/index.js';
import { deskRoles } from '../../domain/index.js';
import { isDeskError, type DeskError } from '../../errors.js';
import type { ToolCaller } from '../../tools/registry.js';
import type { AccountChangeKind } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import type { RunIdentity } from '../journal.js';
import type { PendingChange } from '../state.js';

const toolFor: Record<AccountChangeKind, string> = {
  refund: 'crm.refund',
  cancel_order: 'crm.cancel_order',
  change_address: 'crm.change_address',
  return_or_exchange: 'crm.return_or_exchange',
  goodwill_credit: 'crm.goodwill_credit',
};

const changeOutcomeSchema = z.object({
  status: z.enum(['needs_confirmation', 'needs_approval', 'performed', 'already_performed']),
  statement: z.string(),
  confirmationToken: z.string(),
  approvalReasons: z.array(z.string()),
  allowedRoles: z.array(z.enum(deskRoles)),
  reversible: z.boolean(),
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type ChangeOutcome = z.infer<typeof changeOutcomeSchema>;

/**
 * The action desk's refusals of the change itself (the order has moved on, the amount is wrong, it is not
 * this customer's): the customer is told. Anything else (a forbidden tool, bad input) is a fault, and fails.
 */
const refusals = new Set([
  'ACTION_NOT_ALLOWED',
  'ORDER_NOT_FOUND',
  'CUSTOMER_NOT_FOUND',
  'CUSTOMER_NOT_VERIFIED',
  'INVALID_AMOUNT',
  'CURRENCY_MISMATCH',
  'VALIDATION_FAILED',
]);

export const isRefusal = (error: unknown): error is DeskError =>
  isDeskError(error) && refusals.has(error.code);

export interface ChangeRequest {
  /** Only state it: the exact change, its token and who must approve; nothing is performed. */
  preview?: boolean;
  /** The token of the statement the customer confirmed; the desk is held to exactly that change. */
  confirmationToken?: string;
  approvedBy?: ActionApprover;
}

/** Asks the action desk to state or perform the change; throws its DeskError when it refuses outright. */
export async function requestChange(
  deps: GraphDeps,
  caller: RunIdentity & ToolCaller,
  change: Pick<PendingChange, 'kind' | 'params' | 'idempotencyKey'>,
  request: ChangeRequest,
): Promise<ChangeOutcome> {
  const output = await deps.tools.callTool(
    toolFor[change.kind],
    {
      ...change.params,
      customerId: caller.customerId,
      idempotencyKey: change.idempotencyKey,
      ...request,
    },
    caller,
  );
  return changeOutcomeSchema.parse(output);
}
