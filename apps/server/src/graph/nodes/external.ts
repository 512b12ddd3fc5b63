// External: hands the case to the specialist team as a ticket (created exactly once) and tells the
// customer who has it and what happens next.
import { AIMessage } from '@langchain/core/messages';
import type { GraphDeps } from '../deps.js';
import { agentStep, callerOf } from '../step.js';

export const externalNode = (deps: GraphDeps) =>
  agentStep('external', deps, async (state) => {
    const action = state.approvalRequest?.proposedAction;
    const run = callerOf(state, 'external');
    const ticket =
      action?.kind === 'create_ticket'
        ? action
        : {
            id: `ticket-${state.requestId}`,
            subject: 'Customer request',
            body: 'Escalated by the desk.',
            priority: state.priority,
          };
    const { ticketId, performed } = await deps.tools.call(
      'tickets.create',
      {
        customerId: state.customerId,
        subject: ticket.subject,
        body: ticket.body,
        priority: ticket.priority,
        idempotencyKey: `${state.requestId}:${ticket.id}`,
      },
      run,
    );
    const customer =
      state.findings.customer ??
      (await deps.tools.call('crm.get_customer', { customerId: state.customerId }, run)).customer;
    const name = customer?.name.split(' ')[0] ?? 'there';
    const reply = `Hi ${name},\n\nI've passed your request to our specialist team with everything you've told us so far (ticket ${ticketId}). They'll get back to you by email within one business day.`;
    const messageId = `${state.requestId}:reply`;
    await deps.journal.recordReply(run, messageId, reply);
    return {
      update: {
        reply,
        ticketId,
        outcome: 'external',
        stage: 'external',
        messages: [new AIMessage({ id: messageId, content: reply })],
        sessionData: { lastIntent: state.classification?.intent, articlesSent: [] },
      },
      outcome: 'handed-over',
      confidence: 1,
      reasons: [`ticket ${ticketId} ${performed ? 'created' : 'already existed'}`],
    };
  });
