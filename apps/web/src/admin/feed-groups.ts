// The live feed one row per agent step, not one per tool call: the calls a step made are folded into the
// row of the decision that closed the step (a step's decision is published after its calls), as the
// timeline's agent trail does. Calls of a step still running form one row of their own until its decision
// arrives.
import type { ActivityEvent } from '../api/types.js';
import { isStepAgent } from './decision-words.js';

export interface FeedGroup {
  key: string;
  /** The decision, approval or message the row is about; for a step still running, its latest call. */
  event: ActivityEvent;
  toolCalls: ActivityEvent[];
  /** A step whose calls have arrived and whose decision has not (yet). */
  working: boolean;
}

const stepOf = (e: ActivityEvent) => `${e.threadId}|${e.requestId ?? ''}`;
const agentOf = (e: ActivityEvent) => (typeof e.data.agent === 'string' ? e.data.agent : '');

/** `events` newest first, as the feed keeps them; the groups come back newest first too. */
export function groupActivity(events: readonly ActivityEvent[]): FeedGroup[] {
  const oldestFirst = [...events].reverse();
  const placed: Array<FeedGroup & { at: number }> = [];
  const pending = new Map<string, Array<{ event: ActivityEvent; at: number }>>();
  oldestFirst.forEach((event, at) => {
    const key = event.id ?? `${event.type}-${at}`;
    if (event.type === 'agent.tool_called') {
      const calls = pending.get(stepOf(event)) ?? [];
      calls.push({ event, at });
      pending.set(stepOf(event), calls);
      return;
    }
    let toolCalls: ActivityEvent[] = [];
    if (event.type === 'agent.decided') {
      // The step's own calls, and calls of skills that record no step (they ran inside this one); a
      // call of another agent waits for that agent's decision.
      const calls = pending.get(stepOf(event)) ?? [];
      const mine = (call: ActivityEvent) =>
        call.data.agent === event.data.agent || !isStepAgent(agentOf(call));
      toolCalls = calls.filter((c) => mine(c.event)).map((c) => c.event);
      const rest = calls.filter((c) => !mine(c.event));
      if (rest.length > 0) pending.set(stepOf(event), rest);
      else pending.delete(stepOf(event));
    }
    placed.push({ key, event, toolCalls, working: false, at });
  });
  for (const calls of pending.values()) {
    const latest = calls.at(-1)!;
    placed.push({
      key: latest.event.id ?? `calls-${latest.at}`,
      event: latest.event,
      toolCalls: calls.map((c) => c.event),
      working: true,
      at: latest.at,
    });
  }
  return placed.sort((a, b) => b.at - a.at).map(({ at: _at, ...group }) => group);
}
