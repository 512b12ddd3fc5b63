// The model-driven simulated customer: with a model configured, a scenario's customer is played by it — given
// the goal, the persona and the conversation so far, it writes the customer's next message in its own words,
// as τ-bench's user simulator does. Without a model (or when a call fails) the rule-based customer answers.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { callChat } from '../reasoning/providers/chat-call.js';
import { createChatModel, type ProviderEndpoints } from '../reasoning/providers/chat-models.js';
import type { ModelRoutes } from '../reasoning/providers/routes.js';
import type { Persona } from './scenario.js';
import { nextCustomerMessage } from './simulated-customer.js';

export interface CustomerTurn {
  persona: Persona;
  goal: string;
  /** The conversation so far, oldest first: what the customer said and what the desk answered. */
  said: Array<{ who: 'customer' | 'desk'; text: string }>;
  trial: number;
}

/** Plays a scenario's customer: their next message, or undefined when they have nothing more to say. */
export interface CustomerSimulator {
  readonly kind: 'rules' | 'model';
  next(turn: CustomerTurn): Promise<string | undefined>;
}

export const ruleBasedCustomer: CustomerSimulator = {
  kind: 'rules',
  next: ({ persona, goal, said, trial }) =>
    Promise.resolve(
      nextCustomerMessage(persona, goal, said.findLast((s) => s.who === 'desk')?.text ?? '', trial),
    ),
};

/** What the model answers when the customer has nothing more to say. */
const DONE = 'DONE';
/** A customer writes a few sentences; a longer answer is a model that lost the part. */
const MAX_MESSAGE_CHARS = 600;

function instructions({ persona, goal }: CustomerTurn): string {
  const traits = [
    persona.agrees
      ? 'When the desk asks you to confirm what it will do, you agree if it matches your goal.'
      : 'When the desk asks you to confirm an action, you decline: you only wanted to ask.',
    persona.names && `If asked which item or order you mean, it is: ${persona.names}.`,
    persona.address && `If asked for an address, yours is: ${persona.address}.`,
    persona.rephrase && `If asked to say it again, you say: ${persona.rephrase}`,
  ].filter(Boolean);
  return [
    "You are a customer writing to an online shop's support desk. Stay in that role; never act as the desk.",
    `Your goal: ${goal}`,
    ...traits,
    'Write only your next message, in plain words, as a customer would type it: short, informal, no greetings unless natural.',
    `When your goal is met, the desk says a person will answer, or you have nothing more to say, answer exactly ${DONE}.`,
  ].join('\n');
}

export class ModelCustomer implements CustomerSimulator {
  readonly kind = 'model' as const;

  constructor(
    private readonly model: BaseChatModel,
    private readonly options: { timeoutMs: number; onFailure?: (reason: string) => void },
  ) {}

  async next(turn: CustomerTurn): Promise<string | undefined> {
    const transcript = turn.said
      .map((s) => `${s.who === 'customer' ? 'You' : 'Desk'}: ${s.text}`)
      .join('\n\n');
    try {
      const { text } = await callChat(
        this.model,
        [
          new SystemMessage(instructions(turn)),
          new HumanMessage(`The conversation so far:\n\n${transcript}\n\nYour next message:`),
        ],
        { timeoutMs: this.options.timeoutMs, rateLimitRetries: 2, backoffMs: 500 },
      );
      const message = text.trim().replace(/^(You|Customer):\s*/i, '');
      if (!message || message === DONE || message.length > MAX_MESSAGE_CHARS) return undefined;
      return message;
    } catch (error) {
      // A scenario must not fail because the simulator's model did: the rule-based customer answers instead.
      this.options.onFailure?.((error as Error).message);
      return ruleBasedCustomer.next(turn);
    }
  }
}

/** The configured models' customer when any model is configured (the first of the routes), else the rules. */
export function customerFor(
  models: { routes: ModelRoutes; timeoutMs: number } & ProviderEndpoints,
  onFailure?: (reason: string) => void,
): CustomerSimulator {
  const spec = Object.values(models.routes).find((chain) => chain.length > 0)?.[0];
  if (!spec) return ruleBasedCustomer;
  const endpoints = { openai: models.openai, anthropic: models.anthropic };
  return new ModelCustomer(createChatModel(spec, endpoints), {
    timeoutMs: models.timeoutMs,
    ...(onFailure ? { onFailure } : {}),
  });
}
