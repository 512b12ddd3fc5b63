// Quality: reviews the draft (grounding, personal data, confidence) and applies the approval policy; a
// draft that fails either goes to a person before the customer sees it.
import { createHash } from 'node:crypto';
import { AIMessage } from '@langchain/core/messages';
import { reviewAcknowledgement } from '../../domain/hand-off.js';
import { Money, evaluateApproval } from '../../domain/index.js';
import { approvalRoles, type ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, callerOf } from '../step.js';
import { articlesOf, ordersOf, productsOf } from './solution.js';

export const approvalIdFor = (requestId: string, kind: string, revision: number) =>
  `apr_${createHash('sha256').update(`${requestId}:${kind}:${revision}`).digest('hex').slice(0, 16)}`;

export const qualityNode = (deps: GraphDeps) =>
  agentStep('quality', deps, async (state, reasoning) => {
    const draft = state.draft!;
    const customer = state.findings.customer ?? {
      id: state.customerId,
      name: '',
      email: '',
      tier: 'standard' as const,
    };
    const review = await deps.reasoning.review(
      {
        draft,
        articles: articlesOf(state),
        orders: ordersOf(state),
        ...(productsOf(state) ? { products: productsOf(state) } : {}),
        customer,
        ...(state.pendingChange?.statement ? { statements: [state.pendingChange.statement] } : {}),
      },
      reasoning,
    );
    // A reply a person wrote, or one already revised on a person's feedback, was read by that person.
    const personHasRead = draft.producedBy === 'person' || draft.producedBy === 'person-feedback';
    const verdict = evaluateApproval(
      {
        customer: { tier: customer.tier },
        priority: state.priority,
        confidence: personHasRead ? 1 : review.confidence,
        subject: 'reply',
        action:
          draft.action?.kind === 'refund'
            ? { kind: 'refund', amount: Money.of(draft.action.amountMinor, draft.action.currency) }
            : undefined,
      },
      { refundLimit: deps.policy.refundLimitMajor },
    );
    // Money never moves on a draft alone: a refund the customer has not confirmed needs a person's answer.
    const unconfirmedRefund = draft.action?.kind === 'refund';
    const reasons = [
      ...verdict.reasons.map((reason) => reason.explanation),
      ...(unconfirmedRefund && !verdict.needsPerson
        ? ['A refund the customer has not confirmed in the conversation needs a person to approve it.']
        : []),
      ...(review.pass || personHasRead ? [] : review.reasons.map((reason) => `review: ${reason}`)),
    ];
    const needsPerson = !personHasRead && (verdict.needsPerson || !review.pass || unconfirmedRefund);
    const request: ApprovalRequest | null = needsPerson
      ? {
          approvalId: approvalIdFor(state.requestId, 'review', state.revision),
          kind: 'review',
          reason: reasons[0] ?? 'quality review failed',
          reasons,
          proposedAction: draft.action ?? null,
          proposedReply: draft.reply,
          allowedRoles: verdict.allowedRoles.length > 0 ? [...verdict.allowedRoles] : [...approvalRoles],
          deadline: new Date(
            deps.now().getTime() + deps.policy.approvalDeadlineHours * 3_600_000,
          ).toISOString(),
        }
      : null;
    // While a person reads the draft the customer is told so, rather than left in silence.
    const waiting = request
      ? reviewAcknowledgement({ name: customer.name, hours: deps.policy.approvalDeadlineHours })
      : undefined;
    if (waiting)
      await deps.journal.recordReply(callerOf(state, 'quality'), `${state.requestId}:review`, waiting);
    return {
      update: {
        review,
        approvalRequest: request,
        stage: 'reviewed',
        ...(waiting
          ? { messages: [new AIMessage({ id: `${state.requestId}:review`, content: waiting })] }
          : {}),
      },
      outcome: needsPerson ? 'needs-person' : 'pass',
      confidence: review.confidence,
      reasons: reasons.length > 0 ? reasons : review.reasons,
    };
  });
