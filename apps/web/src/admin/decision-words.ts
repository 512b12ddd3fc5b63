// Agent decisions in a support person's words ("Triage read it as a refund request, 92% sure"), for the
// timeline and the live feed. Framework steps (LangGraph's `__start__` and the like) are not decisions
// anyone made: they are told apart here so pages can keep them behind "technical details".
import { percent } from '../shared/format.js';

export interface DecisionFacts {
  agent: string;
  outcome: string;
  confidence?: number;
  reasons?: string[];
}

/** A LangGraph bookkeeping node or channel (`__start__`, `__end__`, `__interrupt__`), not an agent. */
export const isFrameworkStep = (name: string): boolean => /^__.*__$/.test(name);

const words = (value: string) => value.replace(/[_:-]+/g, ' ').trim();

const agentNames: Record<string, string> = {
  supervisor: 'The supervisor',
  triage: 'Triage',
  research: 'Research',
  solution: 'The solution agent',
  quality: 'Quality review',
  deliver: 'Delivery',
  escalation: 'Escalation',
  external: 'Hand-over',
  human_review: 'A person',
  human_decision: 'A person',
  specialists: 'The specialists',
};

/** The graph's agents that record a step of their own (a skill's tool calls belong to whoever ran it). */
export const isStepAgent = (agent: string): boolean => agent in agentNames;

/** "Research", "The solution agent": who decided, for a sentence. */
export const agentName = (agent: string): string =>
  agentNames[agent] ?? agent.charAt(0).toUpperCase() + words(agent.slice(1));

const cited = (reasons: string[] | undefined): number => {
  const line = reasons?.find((r) => r.startsWith('cites '));
  if (!line || line === 'cites nothing') return 0;
  return line.slice(6).split(', ').length;
};

const articles = (n: number) => (n === 1 ? '1 article' : `${n} articles`);

/** What the agent did, as one sentence without the confidence. */
export function decisionSentence({ agent, outcome, reasons }: DecisionFacts): string {
  const who = agentName(agent);
  if (outcome.startsWith('route:')) return `${who} passed the message to ${words(outcome.slice(6))}`;
  if (outcome.startsWith('propose:')) return `${who} proposed a ${words(outcome.slice(8))}`;
  switch (`${agent}/${outcome}`) {
    case 'research/fan-out':
      return 'Research looked in the knowledge base, the customer’s record and past conversations';
    case 'research/found':
      return 'Research found what the answer needs';
    case 'research/insufficient':
      return 'Research could not find everything the answer needs';
    case 'solution/reply': {
      const n = cited(reasons);
      return n > 0
        ? `The solution agent drafted a reply citing ${articles(n)}`
        : 'The solution agent drafted a reply';
    }
    case 'quality/pass':
      return 'Quality review passed the draft';
    case 'quality/needs-person':
      return 'Quality review asked a person to check the draft';
    case 'deliver/delivered':
      return 'The reply was sent to the customer';
    case 'deliver/needs-person':
      return 'Delivery held the reply for a person to check';
    case 'escalation/to-person':
      return 'Escalation handed the decision to a person';
  }
  if (agent === 'triage') return `Triage read it as ${words(outcome)}`;
  if (agent.startsWith('human')) return `A person ${words(outcome)} it`;
  return `${who}: ${words(outcome)}`;
}

/** The sentence with how sure the agent was, where it said. */
export function describeDecision(facts: DecisionFacts): string {
  const sure =
    typeof facts.confidence === 'number' && facts.confidence < 1 ? `, ${percent(facts.confidence)} sure` : '';
  return `${decisionSentence(facts)}${sure}`;
}
