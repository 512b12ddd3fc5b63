// Group commit for the decision trail: the records of one conversation that arrive while its previous
// statement is on its way (the tool calls a research step makes at once, say) wait for it and then go
// together as one statement. Each caller still hears only once its own record is stored, so the trail's
// guarantees are unchanged; what changes is the number of round trips (and, on the embedded database, of
// turns on its single connection).
//
// A record can also be held back (`writeLater`) to go with the group's next one, or in another statement of
// the store that carries it (`carry`): an agent step's decision and its tool calls travel in the statement
// that stores the step's checkpoint, instead of in statements of their own.
import type { Queryable } from './database.js';
import {
  collectStatements,
  writeTogether,
  type CollectedStatement,
  type CommitOptions,
} from './write-together.js';

/** A group's held-back writes, taken to go in another statement: theirs, and how to tell their callers. */
export interface CarriedWrites {
  statements: CollectedStatement[];
  /** The statement that carried them is stored. */
  stored(): void;
  /** That statement failed: the writes are sent again on their own, so its failure does not lose them. */
  failed(): void;
}

interface Waiting {
  work: (q: Queryable) => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How long a held-back write waits for the group's next one before it goes on its own. */
const HOLD_MS = 1_000;

export class GroupedWrites {
  /** Per group: the writes waiting for the statement in flight. A group is present while it sends. */
  private readonly groups = new Map<string, Waiting[]>();
  /** Per group: writes held back for its next write, and the timer that sends them without one. */
  private readonly held = new Map<string, { writes: Waiting[]; timer: NodeJS.Timeout }>();

  constructor(
    private readonly db: Queryable,
    /** How every statement of these groups commits (the pool's, never a transaction's: see CommitOptions). */
    private readonly options: CommitOptions = {},
    private readonly holdMs = HOLD_MS,
  ) {}

  /**
   * Holds the writes back to go with the group's next `write` (before it, in the same statement), or on
   * their own once `holdMs` passed without one or on `flush`. Resolves once stored: a caller that awaits it
   * before the group's next write waits that long, so callers that need not wait do not await it.
   */
  writeLater(group: string, work: (q: Queryable) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let held = this.held.get(group);
      if (!held) {
        const timer = setTimeout(() => this.send(group, this.takeHeld(group)), this.holdMs);
        // Held writes never keep a process alive; closing flushes them.
        timer.unref();
        held = { writes: [], timer };
        this.held.set(group, held);
      }
      held.writes.push({ work, resolve, reject });
    });
  }

  /**
   * Takes the group's held-back writes for another statement to carry (as data-modifying CTEs, in the same
   * commit); undefined when none is held. The carrier reports how its statement went.
   */
  async carry(group: string): Promise<CarriedWrites | undefined> {
    const writes = this.takeHeld(group);
    if (writes.length === 0) return undefined;
    let statements: CollectedStatement[];
    try {
      statements = await collectStatements(async (q) => {
        for (const write of writes) await write.work(q);
      });
    } catch {
      // A write that cannot even be written down goes its own way, where its caller hears why.
      this.send(group, writes);
      return undefined;
    }
    return {
      statements,
      stored: () => writes.forEach((write) => write.resolve()),
      failed: () => this.send(group, writes),
    };
  }

  /** Sends the held-back writes (of one group, or all) now, and resolves once they are stored. */
  async flush(group?: string): Promise<void> {
    const groups = group === undefined ? [...this.held.keys()] : this.held.has(group) ? [group] : [];
    const sent = groups.map(
      (group) =>
        new Promise<void>((resolve) => this.send(group, [...this.takeHeld(group), waitingFor(resolve)])),
    );
    await Promise.all(sent);
  }

  /**
   * Sends the writes `work` issues (as `writeTogether` does) with those of the same group that are waiting.
   * A group is one conversation: a statement then takes only that conversation's event lock, so two
   * statements can never wait on each other's locks.
   */
  write(group: string, work: (q: Queryable) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.send(group, [...this.takeHeld(group), { work, resolve, reject }]);
    });
  }

  private takeHeld(group: string): Waiting[] {
    const held = this.held.get(group);
    if (!held) return [];
    clearTimeout(held.timer);
    this.held.delete(group);
    return held.writes;
  }

  /** Sends the writes now, or with the group's next statement when one is on its way. */
  private send(group: string, writes: Waiting[]): void {
    if (writes.length === 0) return;
    const waiting = this.groups.get(group);
    if (waiting) waiting.push(...writes);
    else {
      this.groups.set(group, []);
      void this.sendAll(group, writes);
    }
  }

  private async sendAll(group: string, batch: Waiting[]): Promise<void> {
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

/** A write that writes nothing: it resolves once the statement it goes in is stored. */
const waitingFor = (resolve: () => void): Waiting => ({
  work: () => Promise.resolve(),
  resolve,
  reject: () => resolve(),
});
