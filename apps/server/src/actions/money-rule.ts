// The money rule every path goes through: the desk moves money only on the customer's own yes to the exact
// statement, on record in the conversation, or on an approver's answer; and what a customer was refunded
// over the policy's period counts towards the next refund's limit.
import { Money, normaliseText } from '../domain/index.js';
import type { Stores } from '../store/index.js';
import { readAnswer } from './confirmation.js';
import type { SafeActionKind } from './types.js';

/** The actions that move money: a refund, a cancellation (which refunds), a goodwill credit. */
export const moneyKinds: ReadonlySet<SafeActionKind> = new Set(['refund', 'cancel_order', 'goodwill_credit']);

/**
 * Whether the conversation holds the customer's yes to this statement: the desk's last message that states
 * it, and the customer's first message after that reading as a plain yes.
 */
export async function confirmationOnRecord(
  stores: Pick<Stores, 'conversations'>,
  tenantId: string,
  conversationId: string | undefined,
  statement: string,
): Promise<boolean> {
  if (!conversationId || !statement) return false;
  const messages = await stores.conversations.messages(tenantId, conversationId);
  let stated = -1;
  messages.forEach((message, index) => {
    if (message.role !== 'customer' && message.text.includes(statement)) stated = index;
  });
  if (stated < 0) return false;
  const answer = messages.slice(stated + 1).find((message) => message.role === 'customer');
  return answer !== undefined && readAnswer(normaliseText(answer.text)).kind === 'confirm';
}

/** What the customer was refunded (refunds and cancellations) since a moment, in one currency. */
export async function refundedInPeriod(
  stores: Pick<Stores, 'actions'>,
  tenantId: string,
  customerId: string,
  currency: string,
  window: { since: Date },
): Promise<Money> {
  return Money.of(await stores.actions.refundedSince(tenantId, customerId, currency, window.since), currency);
}
