// Read answer: the customer's message after the desk stated a change. Triage's job for this one question:
// a yes, a no, a new address, or an answer too mixed to act on goes to the account change step; a lapsed
// change or a message about something else withdraws the change, and the message is triaged as usual.
import { readAnswer } from '../../actions/confirmation.js';
import type { GraphDeps } from '../deps.js';
import { awaitedChange } from '../routing.js';
import { agentStep, latestCustomerText } from '../step.js';

export const readAnswerNode = (deps: GraphDeps) =>
  agentStep('triage', deps, (state) => {
    const stated = state.pendingChange!;
    const change = awaitedChange(state);
    if (!change) {
      return Promise.resolve({
        update: { pendingChange: null },
        outcome: 'change-lapsed',
        confidence: 1,
        reasons: [
          `the ${stated.kind} offered earlier is withdrawn: ${stated.answer ? 'it was already answered' : 'it expired, or was not the last question asked'}`,
        ],
      });
    }
    const orderId = typeof change.params.orderId === 'string' ? change.params.orderId : undefined;
    const reading = readAnswer(latestCustomerText(state), {
      orderId,
      wantsAddress: change.kind === 'change_address',
    });
    if (reading.kind === 'unrelated') {
      return Promise.resolve({
        update: { pendingChange: null },
        outcome: 'not-an-answer',
        confidence: 0.7,
        reasons: [`the customer ${reading.why}; the ${change.kind} offered is withdrawn`],
      });
    }
    const params =
      reading.kind === 'address' ? { ...change.params, address: reading.address } : change.params;
    return Promise.resolve({
      update: {
        pendingChange: {
          ...change,
          params,
          answer: { turn: state.turn, kind: reading.kind, why: reading.why },
        },
        stage: 'triaged',
      },
      outcome: `${reading.kind}:${change.kind}`,
      confidence: reading.kind === 'unclear' ? 0.5 : 0.9,
      reasons: [`the customer ${reading.why}`],
    });
  });
