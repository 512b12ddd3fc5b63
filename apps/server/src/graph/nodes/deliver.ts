// Deliver: performs the approved action (exactly once, by its idempotency key), sends the reply and
// remembers what this turn was about for the next one.
import { AIMessage } from '@langchain/core/messages';
import { isDeskError } from '../../errors.js';
import { formatMoney } from '../../reasoning/local/text.js';
import type { GraphDeps } from '../deps.js';
import { stepsShown } from '../../skills/index.js';
import type { SupportStateValue } from '../state.js';
import { agentStep, callerOf } from '../step.js';
import { isRefusal } from './change-requests.js';
import { guideOfTurn, researchQuery } from './research.js';

export const deliverNode = (deps: GraphDeps) =>
  agentStep('deliver', deps, async (state) => {
    const draft = state.draft!;
    const run = callerOf(state, 'deliver');
    let reply = draft.reply;
    const reasons: string[] = [];
    if (draft.action?.kind === 'refund') {
      // A drafted refund reaches here only through a person's answer (quality sends every one to a person);
      // the action desk performs it only with that approver named, and checks it like any other refund.
      const person = state.approvalAnswer;
      const approvedBy =
        person && state.approvalRequest
          ? { id: person.by, role: person.role, approvalId: state.approvalRequest.approvalId }
          : undefined;
      try {
        const refund = await deps.tools.call(
          'orders.refund',
          {
            orderId: draft.action.orderId,
            amountMinor: draft.action.amountMinor,
            currency: draft.action.currency,
            reason: draft.action.reason,
            idempotencyKey: `${state.requestId}:${draft.action.id}`,
            ...(approvedBy ? { approvedBy } : {}),
          },
          run,
        );
        await deps.failpoint('pause-after:refund');
        reply += `\n\nYour refund of ${formatMoney(refund.amountMinor, refund.currency)} for order ${refund.orderId} has been issued (reference ${refund.refundId}).`;
        reasons.push(`refund ${refund.refundId} ${refund.performed ? 'issued' : 'already issued'}`);
      } catch (error) {
        // An approved refund that cannot be made (nothing left to refund, not this customer's order): the
        // customer is told and the thread settles; the decision records why for the approver.
        if (!isRefusal(error) && !(isDeskError(error) && error.code === 'TOOL_FAILED')) throw error;
        const why = isDeskError(error) ? error.message : 'it could not be performed';
        reply += `\n\nWe couldn't issue this refund after all: ${why.replace(/\.$/, '')}. Nothing has been refunded; a member of our team has been told.`;
        reasons.push(`refund not performed: ${why}`);
        if (approvedBy) {
          const action = `refund of ${formatMoney(draft.action.amountMinor, draft.action.currency)} on order ${draft.action.orderId}`;
          await deps.journal.reportActionFailure(run, { approvalId: approvedBy.approvalId, action, why });
        }
      }
    }
    const messageId = `${state.requestId}:reply`;
    await deps.journal.recordReply(run, messageId, reply);
    reasons.push(`reply of ${reply.length} characters sent`);
    const remembered = await rememberStepsGiven(deps, state, reply);
    if (remembered) reasons.push(remembered);
    return {
      update: {
        reply,
        outcome: 'delivered',
        stage: 'delivered',
        messages: [new AIMessage({ id: messageId, content: reply })],
        sessionData: {
          lastIntent: state.classification?.intent,
          lastQuery: researchQuery(state),
          articlesSent: draft.citations,
        },
      },
      outcome: 'delivered',
      confidence: draft.confidence,
      reasons,
    };
  });

/**
 * The troubleshooting steps the sent reply showed, remembered as given to the customer, so that their next
 * conversation about the problem goes on from them (skills/troubleshooting.ts). Only steps of the article
 * the reply cites, and only those its text holds: never a step the customer was not shown. Remembering is
 * idempotent (a step is kept once), so a delivery resumed after a crash remembers nothing twice; a failure
 * costs the memory, never the reply already sent.
 */
async function rememberStepsGiven(
  deps: GraphDeps,
  state: SupportStateValue,
  reply: string,
): Promise<string | undefined> {
  const guide = guideOfTurn(state);
  if (!guide || !state.draft?.citations.includes(guide.article)) return undefined;
  const steps = stepsShown(reply, guide.steps);
  if (steps.length === 0) return undefined;
  try {
    await deps.tools.callTool(
      'crm.record_troubleshooting',
      { customerId: state.customerId, problem: guide.article, steps, conversationId: state.conversationId },
      callerOf(state, 'deliver'),
    );
    return `remembered ${steps.length} troubleshooting steps of ${guide.article} as given`;
  } catch (error) {
    if (!isDeskError(error)) throw error;
    return `troubleshooting steps not remembered: ${error.message}`;
  }
}
