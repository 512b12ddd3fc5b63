// Propose change: when the reply offers to change an order (cancel it, send it elsewhere), the action desk
// states the exact change (nothing is performed) and the reply asks the customer to confirm exactly that.
// The proposal is kept in the thread's state with its idempotency key until the customer answers.
import { findAddress } from '../../actions/address.js';
import { firstNameOf } from '../../domain/reply.js';
import type { OrderChangeOffer } from '../../skills/orders.js';
import type { GraphDeps } from '../deps.js';
import { offeredChange } from '../routing.js';
import type { PendingChange, SupportStateValue } from '../state.js';
import { agentStep, callerOf, latestCustomerText } from '../step.js';
import { isRefusal, requestChange } from './change-requests.js';

/** How long a stated change waits for the customer's answer before it is withdrawn. */
export const CHANGE_ANSWER_HOURS = 24;

const STATING = "Here is exactly what we'd do:";

/** The question that states an exact change and asks for a yes or a no. */
export function confirmQuestion(statement: string, needsPerson: boolean, keep: string): string {
  const yes = needsPerson
    ? 'Reply "yes" and we\'ll ask a member of our team to approve it'
    : 'Reply "yes" to go ahead';
  return `${STATING} ${statement} ${yes}, or "no" to ${keep}.`;
}

/** Whether a reply stated a change and asked the customer to confirm it. */
export const statesChange = (reply: string): boolean => reply.includes(STATING);

const keeping: Record<PendingChange['kind'], string> = {
  refund: 'leave your order as it is',
  cancel_order: 'leave the order as it is',
  change_address: 'keep the current address',
  return_or_exchange: 'keep your order as it is',
  goodwill_credit: 'leave your account as it is',
};

export const keepWording = (change: Pick<PendingChange, 'kind'>) => keeping[change.kind];

export const addressQuestion = (orderId: string) =>
  `Reply with the new delivery address for order ${orderId} (street and number, town or city, and postcode) and we'll read the change back to you before we make it.`;

const firstName = (name: string | undefined) => firstNameOf(name) ?? '';

function proposalFor(state: SupportStateValue, offer: OrderChangeOffer, now: Date): PendingChange {
  const actionId = `${offer.kind}-${offer.orderId}`;
  return {
    kind: offer.kind,
    actionId,
    idempotencyKey: `${state.requestId}:${actionId}`,
    params:
      offer.kind === 'cancel_order'
        ? { orderId: offer.orderId, reason: "at the customer's request" }
        : { ...offer.params, orderId: offer.orderId },
    statement: null,
    confirmationToken: null,
    approvalReasons: [],
    question: addressQuestion(offer.orderId),
    customerName: firstName(state.findings.customer?.name),
    proposedBy: state.requestId,
    expiresAt: new Date(now.getTime() + CHANGE_ANSWER_HOURS * 3_600_000).toISOString(),
    answer: null,
  };
}

export const proposeChangeNode = (deps: GraphDeps) =>
  agentStep('solution', deps, async (state) => {
    const offer = offeredChange(state)!;
    const draft = state.draft!;
    let change = proposalFor(state, offer, deps.now());
    // A new address is asked for first, unless the message gave it ("send it to 12 Elm St, Portland OR
    // 97201"): its change is stated, read back, once there is one.
    const address = offer.kind === 'change_address' ? findAddress(latestCustomerText(state)) : undefined;
    if (address) change = { ...change, params: { ...change.params, address } };
    if (offer.kind !== 'change_address' || address) {
      try {
        const stated = await requestChange(deps, callerOf(state, 'solution'), change, { preview: true });
        if (stated.status === 'already_performed') {
          // A replay of a turn whose change the customer has since confirmed: it is not offered again.
          return {
            update: {},
            outcome: 'no-proposal',
            confidence: draft.confidence,
            reasons: [`${change.kind} ${change.idempotencyKey} was already performed`],
          };
        }
        const needsPerson = stated.approvalReasons.length > 0;
        change = {
          ...change,
          statement: stated.statement,
          confirmationToken: stated.confirmationToken,
          approvalReasons: stated.approvalReasons,
          question: confirmQuestion(stated.statement, needsPerson, keepWording(change)),
        };
      } catch (error) {
        // The desk will not make this change after all: the reply informs, and offers nothing.
        if (!isRefusal(error)) throw error;
        return {
          update: {},
          outcome: 'no-proposal',
          confidence: draft.confidence,
          reasons: [`${offer.kind} of ${offer.orderId} not offered: ${error.message}`],
        };
      }
    }
    const reply = draft.reply.replace(offer.line, `${offer.line} ${change.question}`);
    return {
      update: { draft: { ...draft, reply }, pendingChange: { ...change, citations: draft.citations } },
      outcome: `propose:${change.kind}`,
      confidence: draft.confidence,
      reasons: [
        change.statement ? `stated: ${change.statement}` : `asked for the new address of ${offer.orderId}`,
        ...change.approvalReasons.map((reason) => `needs a person once confirmed: ${reason}`),
        `key ${change.idempotencyKey}, open until ${change.expiresAt}`,
      ],
    };
  });
