// Human decision: after an escalation a person decides — hand the case to the specialist team (approve,
// or edit the ticket), or send it back to solution with their answer or feedback.
import { interrupt } from '@langchain/langgraph';
import type { ApprovalAnswer, ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, runOf } from '../step.js';

export const humanDecisionNode = (deps: GraphDeps) =>
  agentStep('human_decision', deps, async (state) => {
    const request = state.approvalRequest!;
    await deps.journal.openApproval(runOf(state), request);
    const answer = interrupt<ApprovalRequest, ApprovalAnswer>(request);
    const reasons = [`${answer.decision} by ${answer.by} (${answer.role})`];
    switch (answer.decision) {
      case 'approve':
        return { update: { approvalAnswer: answer }, outcome: 'hand-over', confidence: 1, reasons };
      case 'edit':
        if (answer.action) {
          return {
            update: {
              approvalAnswer: answer,
              approvalRequest: { ...request, proposedAction: answer.action },
            },
            outcome: 'hand-over',
            confidence: 1,
            reasons,
          };
        }
        return {
          update: { approvalAnswer: answer, humanGuidance: answer.reply ?? null },
          outcome: 'resolved',
          confidence: 1,
          reasons,
        };
      case 'respond':
        return {
          update: { approvalAnswer: answer, humanGuidance: answer.reply },
          outcome: 'resolved',
          confidence: 1,
          reasons,
        };
      case 'reject':
        return {
          update: { approvalAnswer: answer, feedback: answer.feedback },
          outcome: 'resolved',
          confidence: 1,
          reasons: [...reasons, `feedback: ${answer.feedback}`],
        };
    }
  });
