// What a run reports while it works, in this process only: the API streams it live (node started and
// finished) and uses it as a nudge to read the outbox, where the durable events (decisions, approvals,
// replies, settlement) already are. Listeners must be quick and must not throw.

export type RunProgress =
  | { type: 'request.queued'; threadId: string; requestId: string }
  | { type: 'run.started'; threadId: string; requestId: string }
  | { type: 'node.started'; threadId: string; requestId: string; node: string }
  | { type: 'node.finished'; threadId: string; requestId: string; node: string; interrupted: boolean }
  /** Reply text as the drafting model produces it (the local engine produces it in one piece). */
  | { type: 'reply.delta'; threadId: string; requestId: string; text: string }
  | { type: 'run.settled'; threadId: string; requestId: string; status: string }
  | { type: 'run.failed'; threadId: string; requestId: string; error: string }
  /** A person who holds the thread is typing a reply (the people's workspace; shown to the customer). */
  | { type: 'person.typing'; threadId: string; requestId: string; name: string };

export type ProgressListener = (progress: RunProgress) => void;

/**
 * Set in the `configurable` of a run that reports its steps: every node tells it when it starts and finishes
 * (from inside the node, so the run's stream carries only the state after each step).
 */
export const NODE_PROGRESS = 'frontdesk_node_progress';

export interface NodeProgress {
  started(node: string): void;
  /** `interrupted`: the node paused the run for a person. Also called when it failed. */
  finished(node: string, interrupted: boolean): void;
}

/** What the desk does with a new message on a thread that is still handling one (double texting). */
export const doubleTextingPolicies = ['queue', 'reject', 'interrupt'] as const;
export type DoubleTextingPolicy = (typeof doubleTextingPolicies)[number];

export class ProgressEmitter {
  private readonly listeners = new Set<ProgressListener>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(progress: RunProgress): void {
    for (const listener of this.listeners) {
      try {
        listener(progress);
      } catch {
        // A broken listener must never break a run; listeners log their own failures.
      }
    }
  }
}
