// The default runner for background tasks (no Redis): runs them in this process, `concurrency` at a time
// (one by default), with the same retry and backoff rules as BullMQ. Tasks live in the database from enqueue to completion and are
// claimed under a lease, so a task waiting or in flight when the process dies is run by the next runner on
// that database: at start-up, tasks held by a dead process on this host are taken back at once; any other
// holder's are once its lease runs out.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import type { Database } from '../store/index.js';
import {
  errorText,
  isRejection,
  taskDefaults,
  validatePayload,
  type EnqueueOptions,
  type Task,
  type TaskFailure,
  type TaskQueue,
  type TaskReservation,
} from './port.js';
import { TaskTable, type ClaimedTask } from './task-table.js';

export interface InlineTaskQueueOptions {
  db: Database;
  /** One queue per deployment; tests use random names to share a database. */
  queueName?: string;
  logger?: Logger;
  /** How long a claim lasts without renewal; renewed every third of it while the task runs (default 30 s). */
  leaseMs?: number;
  /** How often to look for due work this process was not told about: retries, other processes (default 1 s). */
  pollMs?: number;
  /** How many tasks run at once in this process (default 1). */
  concurrency?: number;
  /** Whether the runner named by a lease has died; by default, a process on this host that is gone. */
  ownerIsDead?: (owner: string) => boolean;
}

/** A lease holder (`host:pid:nonce`) on this host whose process is gone holds nothing any more. */
export function processIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class InlineTaskQueue implements TaskQueue {
  readonly kind = 'inline' as const;
  /** This runner as a lease holder. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly tasks = new Map<string, Task<unknown>>();
  private readonly listeners = new Set<(failure: TaskFailure) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly table: TaskTable;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private poller: NodeJS.Timeout | undefined;
  /** The work loops running now, at most `concurrency`; each claims and runs one task after another. */
  private readonly loops = new Set<Promise<void>>();
  /** Set by every wake-up; a work loop only stops when a claim found nothing since the last one. */
  private woken = false;
  private started = false;
  private closed = false;

  constructor(private readonly options: InlineTaskQueueOptions) {
    this.table = new TaskTable(options.db, options.queueName ?? 'frontdesk-tasks');
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  register<Payload>(task: Task<Payload>): void {
    this.tasks.set(task.name, task);
  }

  async enqueue<Payload>(
    task: Task<Payload>,
    payload: Payload,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const valid = validatePayload(task, payload, this.tasks);
    const id = options.jobId ?? randomUUID();
    const attempts = task.attempts ?? taskDefaults.attempts;
    const backoffMs = task.backoffMs ?? taskDefaults.backoffMs;
    if (!options.delayMs && this.started && !this.closed && this.loops.size < this.concurrency) {
      // A loop is free: it takes the task as the task is stored (one statement, not an insert then a claim).
      const claimed = this.table.insertClaimed(id, task.name, valid, attempts, backoffMs, {
        owner: this.owner,
        leaseMs: this.leaseMs,
      });
      this.startLoop(async () => {
        const job = await claimed.catch(() => undefined);
        if (job) await this.run(job);
        else this.woken = true;
      });
      await claimed;
      return id;
    }
    await this.table.insert(id, task.name, valid, attempts, backoffMs, options.delayMs ?? 0);
    if (options.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.wake();
      }, options.delayMs + 5);
      timer.unref();
      this.timers.add(timer);
    } else this.wake();
    return id;
  }

  reserve<Payload>(task: Task<Payload>, payload: Payload, jobId: string): TaskReservation | undefined {
    if (!this.started || this.closed || this.loops.size >= this.concurrency) return undefined;
    const valid = validatePayload(task, payload, this.tasks);
    const job: ClaimedTask = {
      id: jobId,
      task: task.name,
      payload: valid,
      attemptsMade: 1,
      maxAttempts: task.attempts ?? taskDefaults.attempts,
      backoffMs: task.backoffMs ?? taskDefaults.backoffMs,
      more: false,
    };
    let decide: (written: boolean) => void = () => undefined;
    const decided = new Promise<boolean>((resolve) => (decide = resolve));
    // The loop counts against the concurrency from now on: no other task takes it while the write is on its
    // way. Dropped, it looks for other work only if some was queued meanwhile (as any loop does after a task).
    this.startLoop(async () => {
      if (await decided) await this.run(job);
    });
    return {
      write: (q) => this.table.writeClaimed(q, job, { owner: this.owner, leaseMs: this.leaseMs }),
      start: () => decide(true),
      drop: () => decide(false),
    };
  }

  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    await this.recoverFromDeadRunners();
    this.poller = setInterval(() => {
      void this.recoverFromDeadRunners().finally(() => this.wake());
    }, this.pollMs);
    this.poller.unref();
    this.wake();
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const awaited = [...this.tasks.values()].filter((task) => !task.timed).map((task) => task.name);
    while (!this.closed && (await this.table.unfinished(awaited)) > 0) {
      if (Date.now() > deadline) throw new Error(`background tasks still queued after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  failures(limit = 50): Promise<TaskFailure[]> {
    return this.table.failed(limit);
  }

  onFailure(listener: (failure: TaskFailure) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Never called: the tasks live in the database, which is this runner's only store. */
  onRestored(): () => void {
    return () => undefined;
  }

  /** Stops taking work and lets the running tasks finish; what is still queued stays for the next runner. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poller);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.loops]);
  }

  private wake(): void {
    this.woken = true;
    if (!this.started || this.closed || this.loops.size >= this.concurrency) return;
    this.startLoop();
  }

  /** A work loop, counted against the concurrency from now on; it may start with a task claimed already. */
  private startLoop(first?: () => Promise<void>): void {
    const loop = (async () => {
      try {
        await first?.();
      } catch (error) {
        this.options.logger?.warn({ err: error }, 'background tasks: could not reach the task table');
      }
      // A loop that started with a task goes on only if work came meanwhile (see `work`).
      if (!first || this.woken) await this.work();
    })().finally(() => {
      this.loops.delete(loop);
      // Woken while the last claim was on its way back empty: look again.
      if (this.woken) this.wake();
    });
    this.loops.add(loop);
  }

  private async work(): Promise<void> {
    try {
      while (!this.closed) {
        this.woken = false;
        const claimed = await this.table.claim(this.owner, [...this.tasks.keys()], this.leaseMs);
        if (!claimed) return;
        // Another was due: another loop starts on it while this one runs this task (up to `concurrency`).
        // Tasks enqueued from now on wake a loop themselves, and the poll finds any other.
        if (claimed.more) this.wake();
        await this.run(claimed);
        // Asks again only when woken since its claim: work queued here, or another claim that found more due
        // while every loop was busy. Not for this claim's own `more`: that other task has had a loop started
        // for it (or `woken` set) already, and with many requests in flight it is usually claimed by the time
        // this task ends, so asking again came back empty about once a request at 16 in flight. Work queued
        // by other processes or falling due meanwhile is found by the poll.
        if (!this.woken) return;
      }
    } catch (error) {
      // The database is unreachable or closing: the tasks stay where they are; the next poll tries again.
      this.woken = false;
      this.options.logger?.warn({ err: error }, 'background tasks: could not reach the task table');
    }
  }

  private async run(job: ClaimedTask): Promise<void> {
    const task = this.tasks.get(job.task)!;
    let finished = false;
    const heartbeat = setInterval(() => {
      void this.table.renew(job.id, this.owner, this.leaseMs).then(
        (held) => {
          if (held || finished) return;
          clearInterval(heartbeat);
          this.options.logger?.warn({ task: job.task, jobId: job.id }, 'task lease lost to another runner');
        },
        (error: unknown) =>
          this.options.logger?.warn({ err: error, jobId: job.id }, 'task lease not renewed'),
      );
    }, this.leaseMs / 3);
    heartbeat.unref();
    let failed: { error: unknown } | undefined;
    try {
      await task.run(job.payload);
    } catch (error) {
      failed = { error };
    } finally {
      finished = true;
      clearInterval(heartbeat);
    }
    if (failed) await this.retryOrFail(job, failed.error);
    // Fenced on the lease: if another runner took the task over meanwhile, finishing it is theirs.
    else await this.table.complete(job.id, this.owner);
  }

  private async retryOrFail(job: ClaimedTask, error: unknown): Promise<void> {
    if (job.attemptsMade < job.maxAttempts && !isRejection(error)) {
      const delay = job.backoffMs * 2 ** (job.attemptsMade - 1);
      this.options.logger?.warn(
        { task: job.task, jobId: job.id, attempt: job.attemptsMade, err: error },
        'task failed, retrying',
      );
      if (!(await this.table.retryLater(job.id, this.owner, delay, errorText(error)))) return;
      // Wake up when it is due rather than at the next poll.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.wake();
      }, delay + 5);
      timer.unref();
      this.timers.add(timer);
      return;
    }
    // Fenced: a runner that lost the lease does not report another's task as failed.
    if (await this.table.fail(job.id, this.owner, errorText(error))) this.report(job, errorText(error));
  }

  private report(job: ClaimedTask, error: string): void {
    const failure = { task: job.task, jobId: job.id, attemptsMade: job.attemptsMade, error };
    this.options.logger?.error(failure, 'task failed for good');
    for (const listener of this.listeners) listener(failure);
  }

  /** Tasks whose runner died mid-task (a crash, a kill) are due again now, not when their lease runs out. */
  private async recoverFromDeadRunners(): Promise<void> {
    try {
      const isDead = this.options.ownerIsDead ?? processIsGone;
      const dead = (await this.table.holders(this.owner)).filter((owner) => isDead(owner));
      const released = await this.table.releaseHeldBy(dead);
      if (released > 0)
        this.options.logger?.info({ released, runners: dead }, 'took back tasks from stopped runners');
      for (const job of await this.table.failExhausted([...this.tasks.keys()])) this.report(job, job.error);
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'background tasks: could not check for stopped runners');
    }
  }
}
