// Deliver: performs the approved action (exactly once, by its idempotency key), sends the reply and
// remembers what this turn was about for the next one.
import { AIMessage } from '@langchain/core/messages';
import { formatMoney } from '../../reasoning/local/text.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, callerOf } from '../step.js';
import { researchQuery } from './research.js';

export const deliverNode = (deps: GraphDeps) =>
  agentStep('deliver', deps, async (state) => {
    const draft = state.draft!;
    const run = callerOf(state, 'deliver');
    let reply = draft.reply;
    const reasons: string[] = [];
    if (draft.action?.kind === 'refund') {
      const refund = await deps.tools.call(
        'orders.refund',
        {
          orderId: draft.action.orderId,
          amountMinor: draft.action.amountMinor,
          currency: draft.action.currency,
          reason: draft.action.reason,
          idempotencyKey: `${state.requestId}:${draft.action.id}`,
        },
        run,
      );
      await deps.failpoint('pause-after:refund');
      reply += `\n\nYour refund of ${formatMoney(refund.amountMinor, refund.currency)} for order ${refund.orderId} has been issued (reference ${refund.refundId}).`;
      reasons.push(`refund ${refund.refundId} ${refund.performed ? 'issued' : 'already issued'}`);
    }
    const messageId = `${state.requestId}:reply`;
    await deps.journal.recordReply(run, messageId, reply);
    reasons.push(`reply of ${reply.length} characters sent`);
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
