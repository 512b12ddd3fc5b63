// Where each agent hands over, exactly as the seed's state diagram: conditional edges read the state the
// agent just wrote.
import type { SupportStateValue } from './state.js';

export function afterTriage(state: SupportStateValue): 'research' | 'solution' | 'escalation' {
  const c = state.classification;
  if (!c) return 'escalation';
  const serious = c.urgencySignals.some(
    (signal) => signal === 'legal' || signal === 'fraud' || signal === 'safety',
  );
  if (c.unresolvedFollowUp || c.outOfScope || c.intent === 'human_request' || serious) return 'escalation';
  if (c.intent === 'greeting' || c.intent === 'thanks') return 'solution';
  return 'research';
}

export const afterResearch = (state: SupportStateValue): 'solution' | 'escalation' =>
  state.findings.sufficient === false ? 'escalation' : 'solution';

export const afterQuality = (state: SupportStateValue): 'deliver' | 'human_review' =>
  state.approvalRequest ? 'human_review' : 'deliver';

export const afterHumanReview = (state: SupportStateValue): 'solution' | 'deliver' =>
  state.approvalAnswer?.decision === 'reject' ? 'solution' : 'deliver';

export function afterHumanDecision(state: SupportStateValue): 'solution' | 'external' {
  const answer = state.approvalAnswer;
  if (answer?.decision === 'approve') return 'external';
  if (answer?.decision === 'edit' && answer.action) return 'external';
  return 'solution';
}
