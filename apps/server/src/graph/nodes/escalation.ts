// Escalation: the desk cannot or should not answer alone. It writes up the case (what the customer asked,
// what was already tried on this thread) and proposes a ticket for the specialist team.
import type { ProposedAction } from '../../reasoning/port.js';
import type { ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, latestCustomerText } from '../step.js';
import { approvalIdFor } from './quality.js';

export const escalationNode = (deps: GraphDeps) =>
  agentStep('escalation', deps, (state) => {
    const text = latestCustomerText(state);
    const classification = state.classification;
    const why: string[] = [];
    if (classification?.unresolvedFollowUp)
      why.push('the customer says the earlier answer did not solve their problem');
    if (classification?.intent === 'human_request') why.push('the customer asked for a person');
    if (classification?.outOfScope) why.push('the request is outside what the desk recognises');
    if (classification?.urgencySignals.length)
      why.push(`urgent: ${classification.urgencySignals.join(', ')}`);
    if (state.findings.sufficient === false) why.push('research found too little to answer');
    if (why.length === 0) why.push('the case needs a person');

    const previousQuery = state.sessionData.lastQuery;
    const alreadySent = state.sessionData.articlesSent as string[] | undefined;
    const history = [
      typeof previousQuery === 'string' && classification?.unresolvedFollowUp
        ? `Earlier on this thread: "${previousQuery}"`
        : '',
      alreadySent?.length ? `Already sent: ${alreadySent.map((id) => `help article ${id}`).join(', ')}` : '',
    ].filter(Boolean);
    const topic = classification?.intent.replaceAll('_', ' ') ?? 'request';
    const ticket: ProposedAction = {
      kind: 'create_ticket',
      id: `ticket-${state.requestId}`,
      subject: `${topic}: ${text.slice(0, 80)}`,
      body: [
        `Customer ${state.customerId} wrote: "${text}"`,
        ...history,
        `Why escalated: ${why.join('; ')}.`,
      ].join('\n'),
      priority: Math.min(10, state.priority),
    };
    const request: ApprovalRequest = {
      approvalId: approvalIdFor(state.requestId, 'decision', state.revision),
      kind: 'decision',
      reason: why[0]!,
      reasons: why,
      proposedAction: ticket,
      proposedReply: null,
      allowedRoles: ['agent', 'approver', 'admin'],
      deadline: new Date(deps.now().getTime() + deps.policy.approvalDeadlineHours * 3_600_000).toISOString(),
    };
    return Promise.resolve({
      update: { approvalRequest: request, stage: 'escalated' },
      outcome: 'to-person',
      confidence: classification?.confidence ?? 0.5,
      reasons: why,
    });
  });
