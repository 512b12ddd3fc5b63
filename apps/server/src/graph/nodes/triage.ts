// Triage: classifies and prioritises the message, carrying the previous turn's topic into follow-ups.
import type { Intent } from '../../reasoning/port.js';
import type { GraphDeps } from '../deps.js';
import { agentStep, callerOf, latestCustomerText } from '../step.js';

export const triageNode = (deps: GraphDeps) =>
  agentStep('triage', deps, async (state, reasoning) => {
    const { customer } = await deps.tools.call(
      'crm.get_customer',
      { customerId: state.customerId },
      callerOf(state, 'triage'),
    );
    const previousIntent = state.sessionData.lastIntent as Intent | undefined;
    const classification = await deps.reasoning.classify(
      {
        text: latestCustomerText(state),
        ...(previousIntent ? { previousIntent } : {}),
        customerTier: customer?.tier ?? 'standard',
      },
      reasoning,
    );
    const reasons = [
      `intent ${classification.intent} (${classification.category})`,
      `priority ${classification.priority}`,
    ];
    if (classification.unresolvedFollowUp)
      reasons.push(`the customer says the earlier answer on ${previousIntent} did not help`);
    if (classification.outOfScope) reasons.push('not a request the desk recognises');
    if (classification.urgencySignals.length > 0)
      reasons.push(`urgency: ${classification.urgencySignals.join(', ')}`);
    return {
      // The customer's record rides along so that replies drafted without research still know the name.
      update: {
        classification,
        priority: classification.priority,
        stage: 'triaged',
        ...(customer ? { findings: { turn: state.turn, customer } } : {}),
      },
      outcome: classification.intent,
      confidence: classification.confidence,
      reasons,
    };
  });
