// An approver's edited refund is held to what the original proposal was: the thread's own customer, one of
// their orders, in its currency, and no more than is left to refund on it. Checked when the answer is given,
// so the approver hears at once what is wrong instead of a failed refund after the thread resumed.
import { DeskError, isDeskError } from '../errors.js';
import type { Stores } from '../store/index.js';
import { refundAction } from './order-actions.js';

export interface EditedRefund {
  id: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  reason: string;
}

/** Which field of the edit a refusal of the plan is about. */
const fieldOf: Record<string, string> = {
  ORDER_NOT_FOUND: 'action.orderId',
  CURRENCY_MISMATCH: 'action.currency',
  INVALID_AMOUNT: 'action.amountMinor',
};

/** Throws APPROVAL_ANSWER_INVALID naming the field when the edited refund could not be performed. */
export async function checkEditedRefund(
  stores: Stores,
  tenantId: string,
  customerId: string,
  refund: EditedRefund,
  now: Date,
): Promise<void> {
  const customer = await stores.customers.get(tenantId, customerId);
  if (!customer) {
    throw new DeskError('APPROVAL_ANSWER_INVALID', `The approval's customer ${customerId} is gone`, {
      fields: [{ field: 'action.orderId', message: 'the customer no longer exists' }],
    });
  }
  try {
    // Planning states and checks the refund without performing it.
    await refundAction.plan(
      {
        orderId: refund.orderId,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        reason: refund.reason,
      },
      { tenantId, customer, key: `edit:${refund.id}`, stores, now },
    );
  } catch (error) {
    if (!isDeskError(error) || !(error.code in fieldOf)) throw error;
    throw new DeskError('APPROVAL_ANSWER_INVALID', `The edited refund cannot be made: ${error.message}`, {
      fields: [{ field: fieldOf[error.code]!, message: error.message }],
    });
  }
}
