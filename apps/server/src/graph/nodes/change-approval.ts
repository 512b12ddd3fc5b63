// Change approval: a change the customer confirmed that policy gives to a person (a shipped order, a VIP
// account, a large credit). The thread pauses (interrupt) until an allowed person answers; the account
// change step then performs it on their approval, or tells the customer it was not made.
import { interrupt } from '@langchain/langgraph';
import type { ApprovalAnswer, ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, runOf } from '../step.js';

const outcomes = {
  approve: 'approved',
  edit: 'edited',
  reject: 'rejected',
  respond: 'responded',
} as const;

export const changeApprovalNode = (deps: GraphDeps) =>
  agentStep('human_review', deps, async (state) => {
    const request = state.approvalRequest!;
    await deps.journal.openApproval(runOf(state), request);
    const answer = interrupt<ApprovalRequest, ApprovalAnswer>(request);
    return {
      update: { approvalAnswer: answer },
      outcome: outcomes[answer.decision],
      confidence: 1,
      reasons: [
        `${answer.decision} by ${answer.by} (${answer.role})`,
        ...(answer.decision === 'reject' ? [`feedback: ${answer.feedback}`] : []),
      ],
    };
  });
