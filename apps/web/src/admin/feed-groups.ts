// The live feed one row per agent step, not one per tool call: the calls a step made are folded into the
// row of the decision that closed the step (a step's decision is published after its calls). Calls of a
// step still running form one row of their own until its decision arrives.
import type { ActivityEvent } from '../api/types.js';

export interface FeedGroup {
  key: string;
  /** The decision, approval or message the row is about; for a step still running, its latest call. */
  event: ActivityEvent;
  toolCalls: ActivityEvent[];
  /** A step whose calls have arrived and whose decision has not (yet). */
  working: boolean;
}

const stepOf = (e: ActivityEvent) => `${e.threadId}|${e.requestId ?? ''}`;

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
      toolCalls = (pending.get(stepOf(event)) ?? []).map((c) => c.event);
      pending.delete(stepOf(event));
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
