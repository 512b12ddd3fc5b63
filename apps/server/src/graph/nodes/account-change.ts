// Account change: carries out the customer's answer to a stated change and tells them exactly what happened.
// A yes performs the change through the action desk with the confirmed statement's token and the
// proposal's idempotency key (so a retry, a resume or a replay never performs it twice); when policy wants a
// person, the change waits for one (change approval) and is performed on their approval. A no changes
// nothing; a new address is read back for a yes; an unclear answer is asked again.
import { AIMessage } from '@langchain/core/messages';
import { approvalAcknowledgement } from '../../domain/hand-off.js';
import { DeskError } from '../../errors.js';
import type { ApprovalAnswer, ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import type { PendingChange, SupportStateUpdate, SupportStateValue } from '../state.js';
import { agentStep, callerOf, runOf, type StepResult } from '../step.js';
import { isRefusal, requestChange, type ChangeOutcome } from './change-requests.js';
import {
  alreadyWaitingReply,
  approvedReply,
  askAgainReply,
  declinedReply,
  doneReply,
  notApprovedReply,
  refusedReply,
  withDone,
} from './change-replies.js';
import { CHANGE_ANSWER_HOURS, confirmQuestion, keepWording } from './propose-change.js';
import { approvalIdFor } from './quality.js';

/** The reply goes out, recorded once under the request's reply id, and the turn is delivered. */
async function sent(
  deps: GraphDeps,
  state: SupportStateValue,
  change: PendingChange,
  reply: string,
  next: PendingChange | null,
  outcome: string,
  reasons: string[],
): Promise<StepResult> {
  const messageId = `${state.requestId}:reply`;
  await deps.journal.recordReply(runOf(state), messageId, reply);
  const update: SupportStateUpdate = {
    pendingChange: next,
    reply,
    outcome: 'delivered',
    stage: 'delivered',
    messages: [new AIMessage({ id: messageId, content: reply })],
    sessionData: {
      lastIntent: change.kind === 'goodwill_credit' ? undefined : change.kind,
      articlesSent: [],
    },
  };
  return { update, outcome, confidence: 1, reasons };
}

/** The change stated afresh (a new address, or the order changed since): the customer is asked again. */
async function restated(
  deps: GraphDeps,
  state: SupportStateValue,
  change: PendingChange,
  stated: ChangeOutcome,
  why: string,
): Promise<StepResult> {
  const question = confirmQuestion(stated.statement, stated.approvalReasons.length > 0, keepWording(change));
  const next: PendingChange = {
    ...change,
    statement: stated.statement,
    confirmationToken: stated.confirmationToken,
    approvalReasons: stated.approvalReasons,
    question,
    expiresAt: new Date(deps.now().getTime() + CHANGE_ANSWER_HOURS * 3_600_000).toISOString(),
    answer: null,
  };
  return sent(deps, state, change, askAgainReply(next, why), next, 'restated', [
    `stated: ${stated.statement}`,
  ]);
}

function approvalFor(
  deps: GraphDeps,
  state: SupportStateValue,
  change: PendingChange,
  stated: ChangeOutcome,
): ApprovalRequest {
  return {
    approvalId: approvalIdFor(state.requestId, `change:${change.actionId}`, 0),
    kind: 'review',
    reason: stated.approvalReasons[0] ?? 'This change needs a person',
    reasons: [...stated.approvalReasons, `The customer confirmed: ${stated.statement}`],
    proposedAction: { ...change.params, kind: change.kind, id: change.actionId, statement: stated.statement },
    proposedReply: approvedReply(change, stated.statement),
    allowedRoles: stated.allowedRoles,
    deadline: new Date(deps.now().getTime() + deps.policy.approvalDeadlineHours * 3_600_000).toISOString(),
  };
}

async function perform(
  deps: GraphDeps,
  state: SupportStateValue,
  change: PendingChange,
  person: ApprovalAnswer | null,
): Promise<StepResult> {
  const approvedBy =
    person && state.approvalRequest
      ? { id: person.by, role: person.role, approvalId: state.approvalRequest.approvalId }
      : undefined;
  const done = await requestChange(deps, callerOf(state, 'deliver'), change, {
    confirmationToken: change.confirmationToken!,
    ...(approvedBy ? { approvedBy } : {}),
  });
  await deps.failpoint('pause-after:account-change');
  switch (done.status) {
    case 'performed':
    case 'already_performed': {
      const made = { ...change, statement: done.statement || change.statement };
      const result = done.result ?? {};
      const lead =
        person?.decision === 'edit' && person.reply ? person.reply : state.approvalRequest?.proposedReply;
      const reply =
        approvedBy && lead
          ? withDone(lead, made, result, { reversible: done.reversible })
          : doneReply(made, result, { reversible: done.reversible });
      const outcome = done.status === 'performed' ? `performed:${change.kind}` : 'already-performed';
      return sent(deps, state, change, reply, null, outcome, [
        `${done.status === 'performed' ? 'performed' : 'already performed'}: ${change.statement}`,
        `key ${change.idempotencyKey}`,
        ...(approvedBy ? [`approved by ${approvedBy.id} (${approvedBy.role})`] : []),
      ]);
    }
    case 'needs_confirmation':
      // The order changed since the customer said yes: what they confirmed is no longer the change. Whoever
      // approved it is told too, where they answered.
      if (approvedBy) {
        await deps.journal.reportActionFailure(runOf(state), {
          approvalId: approvedBy.approvalId,
          action: change.statement ?? change.kind,
          why: 'the order changed since the customer confirmed it, so nothing was done; it was stated again',
        });
      }
      return restated(
        deps,
        state,
        change,
        done,
        'Something about this changed since we asked, so nothing has been done yet.',
      );
    case 'needs_approval':
      if (approvedBy) {
        throw new DeskError('ACTION_NOT_ALLOWED', `${approvedBy.role} may not approve this change`, {
          kind: change.kind,
        });
      }
      {
        // One approval per order at a time: a second request on an order already waiting is not opened.
        const request = approvalFor(deps, state, change, done);
        const orderId = typeof change.params.orderId === 'string' ? change.params.orderId : undefined;
        const waiting = orderId && (await deps.journal.pendingApprovalOnOrder(runOf(state), orderId));
        if (waiting && waiting !== request.approvalId) {
          return sent(deps, state, change, alreadyWaitingReply(change), null, 'already-awaiting-approval', [
            `approval ${waiting} is already pending on order ${orderId}; no second one opened`,
          ]);
        }
        // The customer's yes is answered at once: they are told a person approves it, and when.
        const messageId = `${state.requestId}:confirmed`;
        const waitingReply = approvalAcknowledgement({
          name: change.customerName,
          statement: done.statement,
          hours: deps.policy.approvalDeadlineHours,
        });
        await deps.journal.recordReply(runOf(state), messageId, waitingReply);
        return {
          update: {
            approvalRequest: request,
            stage: 'awaiting_person',
            messages: [new AIMessage({ id: messageId, content: waitingReply })],
          },
          outcome: 'needs-person',
          confidence: 1,
          reasons: done.approvalReasons,
        };
      }
  }
}

async function carryOut(deps: GraphDeps, state: SupportStateValue): Promise<StepResult> {
  const change = state.pendingChange!;
  const answer = change.answer!;
  // In a turn that answers a change only this step can have asked a person, so an answer is theirs.
  const person = state.approvalAnswer;
  if (person?.decision === 'reject' || person?.decision === 'respond') {
    const reply = person.decision === 'reject' ? notApprovedReply(change, person.feedback) : person.reply;
    return sent(deps, state, change, reply, null, 'not-approved', [
      `${person.decision} by ${person.by} (${person.role}); nothing changed`,
    ]);
  }
  switch (answer.kind) {
    case 'decline':
      return sent(deps, state, change, declinedReply(change), null, 'declined', [
        `the customer declined: ${change.statement ?? change.kind}`,
      ]);
    case 'unclear': {
      const next = { ...change, answer: null };
      const why =
        "Sorry, I couldn't tell from your reply whether you'd like us to go ahead, so nothing has changed yet.";
      return sent(deps, state, change, askAgainReply(next, why), next, 'asked-again', [answer.why]);
    }
    case 'address': {
      const stated = await requestChange(deps, callerOf(state, 'deliver'), change, { preview: true });
      if (stated.status === 'already_performed') {
        const result = stated.result ?? {};
        const reply = doneReply(change, result, { reversible: stated.reversible });
        return sent(deps, state, change, reply, null, 'already-performed', [`key ${change.idempotencyKey}`]);
      }
      return restated(
        deps,
        state,
        change,
        stated,
        'Thanks — please check the new address before we change it.',
      );
    }
    case 'confirm':
      if (!change.statement || !change.confirmationToken) {
        const next = { ...change, answer: null };
        return sent(
          deps,
          state,
          change,
          askAgainReply(next, "We'll need the new address first."),
          next,
          'asked-again',
          ['confirmed before the change was complete'],
        );
      }
      return perform(deps, state, change, person);
  }
}

export const accountChangeNode = (deps: GraphDeps) =>
  agentStep('deliver', deps, async (state) => {
    const change = state.pendingChange!;
    try {
      return await carryOut(deps, state);
    } catch (error) {
      // The desk refuses the change outright (the order moved on, it is not theirs): nothing changed.
      if (!isRefusal(error)) throw error;
      // A person approved it: they are told where they answered, not only in the decision trail.
      if (state.approvalAnswer && state.approvalRequest && change.answer?.kind === 'confirm') {
        await deps.journal.reportActionFailure(runOf(state), {
          approvalId: state.approvalRequest.approvalId,
          action: change.statement ?? change.kind,
          why: error.message,
        });
      }
      return sent(deps, state, change, refusedReply(change, error.message), null, 'refused', [
        `${error.code}: ${error.message}`,
      ]);
    }
  });
