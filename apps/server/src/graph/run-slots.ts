// The background runs one process drives at once. A burst of posted messages waits for a slot instead of
// starving the requests that accept them; the waiting requests stay `queued` (and durable) meanwhile.

export class RunSlots {
  /** Requests waiting here for a slot: recovery must not pick them up meanwhile. */
  private readonly scheduled = new Set<string>();
  private readonly waiters: Array<() => void> = [];

  constructor(private free: number) {}

  /** Whether the request is waiting here for a slot (or about to start in one). */
  holds(requestId: string): boolean {
    return this.scheduled.has(requestId);
  }

  /** Runs `work` once a slot is free. `work` must mark its request running before its first await. */
  async run<T>(requestId: string, work: () => Promise<T>): Promise<T> {
    this.scheduled.add(requestId);
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    try {
      const running = work();
      // Only now, with the request marked running, may it leave `scheduled`.
      this.scheduled.delete(requestId);
      return await running;
    } finally {
      this.scheduled.delete(requestId);
      const next = this.waiters.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
