// The rule-based simulated customer: given the desk's last reply, what a person with this goal and persona
// says next, or nothing when the exchange is over. Trials vary the wording, as real customers do.
import { ASKS_ADDRESS, ASKS_REPHRASE, ASKS_TO_CONFIRM, ASKS_WHICH } from './phrases.js';
import type { Persona } from './scenario.js';

const YES = ['yes please', 'Yes, go ahead.', "yep, that's right", 'ok, please do'];
const NO = ['no, not that', "No, please don't.", 'no thanks'];

const pick = (options: string[], trial: number) => options[trial % options.length]!;

/** The customer's next message, or undefined when they have nothing more to say. */
export function nextCustomerMessage(
  persona: Persona,
  goal: string,
  reply: string,
  trial: number,
): string | undefined {
  if (!reply.trim()) return undefined;
  if (ASKS_REPHRASE.test(reply)) return persona.rephrase ?? goal;
  if (ASKS_TO_CONFIRM.test(reply)) return persona.agrees ? pick(YES, trial) : pick(NO, trial);
  if (ASKS_ADDRESS.test(reply) && persona.address) return persona.address;
  if (ASKS_WHICH.test(reply) && persona.names)
    return trial % 2 === 0 ? persona.names : `the ${persona.names} one`;
  return undefined;
}
