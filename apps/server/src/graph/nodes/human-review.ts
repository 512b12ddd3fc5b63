// Human review: the thread pauses (interrupt) until an allowed person approves, edits, rejects or answers
// the draft. The run is checkpointed and no process waits; any process can resume it later.
import { interrupt } from '@langchain/langgraph';
import type { Draft } from '../../reasoning/port.js';
import type { ApprovalAnswer, ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, runOf } from '../step.js';

export const humanReviewNode = (deps: GraphDeps) =>
  agentStep('human_review', deps, async (state) => {
    const request = state.approvalRequest!;
    await deps.journal.openApproval(runOf(state), request);
    const answer = interrupt<ApprovalRequest, ApprovalAnswer>(request);
    const draft = state.draft!;
    const reasons = [`${answer.decision} by ${answer.by} (${answer.role})`];
    switch (answer.decision) {
      case 'approve':
        return {
          update: { approvalAnswer: answer, stage: 'reviewed' },
          outcome: 'approved',
          confidence: 1,
          reasons,
        };
      case 'edit': {
        const edited: Draft = {
          ...draft,
          reply: answer.reply ?? draft.reply,
          ...(answer.action ? { action: answer.action } : {}),
          producedBy: 'person',
        };
        return {
          update: { approvalAnswer: answer, draft: edited, stage: 'reviewed' },
          outcome: 'edited',
          confidence: 1,
          reasons,
        };
      }
      case 'respond': {
        const written: Draft = { reply: answer.reply, citations: [], confidence: 1, producedBy: 'person' };
        return {
          update: { approvalAnswer: answer, draft: written, stage: 'reviewed' },
          outcome: 'responded',
          confidence: 1,
          reasons,
        };
      }
      case 'reject':
        return {
          update: { approvalAnswer: answer, feedback: answer.feedback, stage: 'drafted' },
          outcome: 'rejected',
          confidence: 1,
          reasons: [...reasons, `feedback: ${answer.feedback}`],
        };
    }
  });
