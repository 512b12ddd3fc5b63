// Escalation: the desk cannot or should not answer alone. It writes up the case (what the customer asked,
// what was already tried on this thread) and proposes a ticket for the specialist team.
import { AIMessage } from '@langchain/core/messages';
import { citesAPromise } from '../../domain/asking.js';
import { handOffAcknowledgement } from '../../domain/hand-off.js';
import { detectLanguage } from '../../domain/language.js';
import type { ProposedAction } from '../../reasoning/port.js';
import type { ApprovalRequest } from '../approval-types.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, callerOf, latestCustomerText } from '../step.js';
import { approvalIdFor } from './quality.js';
import { exhaustedGuide } from './research.js';
import { stepName } from '../../skills/index.js';

export const escalationNode = (deps: GraphDeps) =>
  agentStep('escalation', deps, async (state) => {
    const text = latestCustomerText(state);
    const language = detectLanguage(text);
    const classification = state.classification;
    const why: string[] = [];
    if (classification?.unresolvedFollowUp)
      why.push('the customer says the earlier answer did not solve their problem');
    if (classification?.intent === 'human_request') why.push('the customer asked for a person');
    if (citesAPromise(text)) why.push('the customer cites something one of our people said or promised');
    if (classification?.outOfScope) why.push('the request is outside what the desk recognises');
    if (classification?.urgencySignals.length)
      why.push(`urgent: ${classification.urgencySignals.join(', ')}`);
    const exhausted = exhaustedGuide(state);
    // What a skill found that only a person can sort out: the case's reason, and the customer is told it.
    const needsPerson = (state.findings.specialists ?? []).filter((report) => report.needsPerson);
    for (const report of needsPerson) why.push(report.needsPerson!);
    if (exhausted) why.push(`the customer already tried every step of "${exhausted.title}"`);
    else if (state.findings.sufficient === false && needsPerson.length === 0)
      why.push('research found too little to answer');
    if (language.code !== 'en') why.push(`written in ${language.name}`);
    if (why.length === 0) why.push('the case needs a person');

    const previousQuery = state.sessionData.lastQuery;
    const alreadySent = state.sessionData.articlesSent as string[] | undefined;
    const history = [
      typeof previousQuery === 'string' && classification?.unresolvedFollowUp
        ? `Earlier on this thread: "${previousQuery}"`
        : '',
      alreadySent?.length ? `Already sent: ${alreadySent.map((id) => `help article ${id}`).join(', ')}` : '',
      exhausted ? `Already tried (${exhausted.article}): ${exhausted.tried.map(stepName).join('; ')}` : '',
    ].filter(Boolean);
    const topic = classification?.intent.replaceAll('_', ' ') ?? 'request';
    const ticket: ProposedAction = {
      kind: 'create_ticket',
      id: `ticket-${state.requestId}`,
      subject: `${language.code !== 'en' ? `[${language.code}] ` : ''}${topic}: ${text.slice(0, 80)}`,
      body: [
        `Customer ${state.customerId} wrote: "${text}"`,
        ...(language.code !== 'en'
          ? [`Language: ${language.name} (${language.code}); reply in ${language.name}.`]
          : []),
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
    // The customer hears at once who has their case, roughly when they will answer and where.
    const acknowledgement = handOffAcknowledgement({
      name: state.findings.customer?.name,
      language: language.code,
      hours: deps.policy.approvalDeadlineHours,
      // The skills' lines are in English: another language hears the hand-off alone.
      ...(language.code === 'en' ? { found: needsPerson.flatMap((report) => report.replyLines) } : {}),
    });
    const messageId = `${state.requestId}:handoff`;
    await deps.journal.recordReply(callerOf(state, 'escalation'), messageId, acknowledgement);
    return {
      update: {
        approvalRequest: request,
        stage: 'escalated',
        messages: [new AIMessage({ id: messageId, content: acknowledgement })],
        sessionData: { language: language.code },
      },
      outcome: 'to-person',
      confidence: classification?.confidence ?? 0.5,
      reasons: [...why, `acknowledged in ${language.name}`],
    };
  });
