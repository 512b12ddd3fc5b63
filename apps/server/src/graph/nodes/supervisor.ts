// Supervisor: receives each new customer message, opens a new turn (clearing the last turn's working
// state) and routes it to triage (or, on a thread holding a stated change, to the answer reader).
import type { GraphDeps } from '../deps.js';
import { agentStep } from '../step.js';

export const supervisorNode = (deps: GraphDeps) =>
  agentStep('supervisor', deps, (state) => {
    const turn = state.turn + 1;
    return Promise.resolve({
      update: {
        turn,
        stage: 'received',
        classification: null,
        findings: { turn },
        draft: null,
        revision: 0,
        review: null,
        approvalRequest: null,
        approvalAnswer: null,
        feedback: null,
        humanGuidance: null,
        outcome: null,
        reply: null,
        ticketId: null,
        retryCount: 0,
        startedAt: deps.now().toISOString(),
      },
      // A thread holding a stated change first reads whether this message answers it.
      outcome: state.pendingChange ? 'route:read_answer' : 'route:triage',
      confidence: 1,
      reasons: [turn === 1 ? 'a new conversation' : `turn ${turn} of the conversation`],
    });
  });
