// What the customer is told about a change they answered: what was done (in the action's own facts), that
// nothing changed, or the question asked again. Only facts the action desk returned are stated.
import { greetingFor } from '../../domain/reply.js';
import { formatMoney } from '../../reasoning/local/text.js';
import type { PendingChange } from '../state.js';

const hello = (change: PendingChange) => greetingFor(change.customerName);

const subject = (change: PendingChange) =>
  typeof change.params.orderId === 'string' ? `order ${change.params.orderId}` : 'your account';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const money = (result: Record<string, unknown>, amountKey: string) =>
  typeof result[amountKey] === 'number' && typeof result.currency === 'string'
    ? formatMoney(result[amountKey], result.currency)
    : undefined;

/** One sentence on what was done, from the action's stored result. */
function doneLine(change: PendingChange, result: Record<string, unknown>): string {
  switch (change.kind) {
    case 'refund':
      return `your refund of ${money(result, 'amountMinor') ?? 'the agreed amount'} for order ${text(result.orderId)} has been issued (reference ${text(result.refundId)}); it reaches your original payment method in a few business days.`;
    case 'cancel_order': {
      const refunded = money(result, 'refundedMinor');
      return `order ${text(result.orderId)} is now cancelled${refunded ? `, and ${refunded} is being refunded to your original payment method` : ''}.`;
    }
    case 'change_address': {
      const address = (result.address ?? {}) as Record<string, unknown>;
      return `order ${text(result.orderId)} will now be delivered to ${text(address.line1)}, ${text(address.city)} ${text(address.postcode)}.`;
    }
    case 'return_or_exchange':
      return `your ${text(result.type) || 'return'} from order ${text(result.orderId)} is authorised, reference ${text(result.returnId)}.`;
    case 'goodwill_credit':
      return `a credit of ${money(result, 'amountMinor') ?? 'the agreed amount'} is on your account, reference ${text(result.creditId)}.`;
  }
}

const undoNote =
  "If that isn't what you wanted, just reply here and we can undo it while the business allows.";

/** The reply once the change is made: what was done, and the change the customer confirmed. */
export function doneReply(
  change: PendingChange,
  result: Record<string, unknown>,
  options: { reversible: boolean },
): string {
  return [
    hello(change),
    '',
    `Done — ${doneLine(change, result)}`,
    '',
    `The change you confirmed: ${change.statement ?? ''}`,
    ...(options.reversible ? ['', undoNote] : []),
  ].join('\n');
}

/** What the approver is shown, and the customer told, when a person approves the change. */
export const approvedReply = (change: PendingChange, statement: string) =>
  `${hello(change)}\n\nA member of our team has approved your request, and we're making the change you confirmed: ${statement}`;

/** A person's reply (as proposed, or as they edited it), completed with what was done. */
export const withDone = (
  lead: string,
  change: PendingChange,
  result: Record<string, unknown>,
  options: { reversible: boolean },
) =>
  [lead, '', `Done — ${doneLine(change, result)}`, ...(options.reversible ? ['', undoNote] : [])].join('\n');

export const alreadyWaitingReply = (change: PendingChange) =>
  `${hello(change)}\n\nA member of our team is already reviewing a request on ${subject(change)}, so we haven't opened a second one and nothing has changed yet. We'll reply here as soon as they've answered.`;

export const declinedReply = (change: PendingChange) =>
  `${hello(change)}\n\nNo problem — we've left ${subject(change)} exactly as it is; nothing has changed.`;

export const askAgainReply = (change: PendingChange, why: string) =>
  `${hello(change)}\n\n${why} ${change.question}`;

export const refusedReply = (change: PendingChange, reason: string) =>
  `${hello(change)}\n\nI'm sorry, we couldn't make this change: ${reason.replace(/\.$/, '')}. Nothing has changed on ${subject(change)}.`;

export const notApprovedReply = (change: PendingChange, feedback: string) =>
  `${hello(change)}\n\nA member of our team has reviewed your request, and we haven't made this change: ${feedback}`;
