// Live progress across processes: what a run reports (steps, reply text deltas) reaches every API process's
// streams, wherever the run happens. Best effort and not durable — the durable events are in the outbox, with
// ids — so publish never throws and a listener added later sees only what comes after it.

export type Listener<T> = (progress: T) => void;

export interface ProgressFanout<T> {
  /** Sends one report to every listener in every process of the deployment, in publish order per process. */
  publish(progress: T): void;
  /** Listens to reports from every process; returns the function that stops listening. */
  onProgress(listener: Listener<T>): () => void;
  /** Resolves once reports published from now on reach this process's listeners. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Calls each listener in turn; one that throws must not keep the report from the others. */
export function notifyAll<T>(listeners: Iterable<Listener<T>>, progress: T): void {
  for (const listener of listeners) {
    try {
      listener(progress);
    } catch {
      // Listeners log their own failures; a broken one never breaks the fan-out.
    }
  }
}

/** One process: reports go straight to this process's listeners. */
export class InProcessProgressFanout<T> implements ProgressFanout<T> {
  private readonly listeners = new Set<Listener<T>>();

  publish(progress: T): void {
    notifyAll(this.listeners, progress);
  }

  onProgress(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
