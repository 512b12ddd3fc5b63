// Group commit for the decision trail: the records of one conversation that arrive while its previous
// statement is on its way (the tool calls a research step makes at once, say) wait for it and then go
// together as one statement. Each caller still hears only once its own record is stored, so the trail's
// guarantees are unchanged; what changes is the number of round trips (and, on the embedded database, of
// turns on its single connection).
import type { Queryable } from './database.js';
import { writeTogether, type CommitOptions } from './write-together.js';

interface Waiting {
  work: (q: Queryable) => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupedWrites {
  /** Per group: the writes waiting for the statement in flight. A group is present while it sends. */
  private readonly groups = new Map<string, Waiting[]>();

  constructor(
    private readonly db: Queryable,
    /** How every statement of these groups commits (the pool's, never a transaction's: see CommitOptions). */
    private readonly options: CommitOptions = {},
  ) {}

  /**
   * Sends the writes `work` issues (as `writeTogether` does) with those of the same group that are waiting.
   * A group is one conversation: a statement then takes only that conversation's event lock, so two
   * statements can never wait on each other's locks.
   */
  write(group: string, work: (q: Queryable) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting = this.groups.get(group);
      if (waiting) waiting.push({ work, resolve, reject });
      else {
        this.groups.set(group, []);
        void this.send(group, [{ work, resolve, reject }]);
      }
    });
  }

  private async send(group: string, batch: Waiting[]): Promise<void> {
    for (let next = batch; next.length > 0; next = this.groups.get(group)!.splice(0)) {
      try {
        await writeTogether(
          this.db,
          async (q) => {
            for (const write of next) await write.work(q);
          },
          this.options,
        );
        for (const write of next) write.resolve();
      } catch (error) {
        if (next.length === 1) next[0]!.reject(error);
        // One bad record must not lose the others: each is sent again on its own.
        else
          for (const write of next)
            await writeTogether(this.db, write.work, this.options).then(write.resolve, write.reject);
      }
    }
    this.groups.delete(group);
  }
}
