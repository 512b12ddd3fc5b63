// Puts each tool call under the agent step it was made in. A step is recorded when it has decided and a
// tool call when it has ended, so a call belongs to the first step recorded after it: its own agent's, or,
// for a call made by a skill that records no step of its own (the orders skill inside the specialists'
// branch), whichever step closed the stretch it ran in.
import type { Decision } from '../api/types.js';

export interface AgentStep {
  step: Decision;
  /** The calls made during the step, oldest first. */
  toolCalls: Decision[];
}

export interface AgentTrail {
  steps: AgentStep[];
  /** Calls no step was recorded after yet: the step is still running, paused or failed. */
  unfinished: Decision[];
}

/** The outcomes a person should look at: the tool did not answer as asked. */
export const isFlagged = (call: Decision): boolean => call.outcome !== 'ok';

/** `decisions` oldest first, as the API lists them; steps keep their order. */
export function agentTrail(decisions: readonly Decision[]): AgentTrail {
  const steps = new Map<Decision, AgentStep>();
  for (const decision of decisions) {
    if (decision.kind === 'step') steps.set(decision, { step: decision, toolCalls: [] });
  }
  const unfinished: Decision[] = [];
  decisions.forEach((decision, index) => {
    if (decision.kind !== 'tool_call') return;
    const later = decisions
      .slice(index + 1)
      .filter((d) => d.kind === 'step' && d.requestId === decision.requestId);
    const owner = later.find((d) => d.agent === decision.agent) ?? later[0];
    if (owner) steps.get(owner)!.toolCalls.push(decision);
    else unfinished.push(decision);
  });
  return { steps: [...steps.values()], unfinished };
}
