// The embedded default for background tasks: runs them in this process, one after another, with the same
// retry and backoff rules as BullMQ. Work left when the process stops is recovered by whoever enqueued it
// (ingestion re-enqueues documents still pending at start-up).
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import {
  errorText,
  taskDefaults,
  validatePayload,
  type EnqueueOptions,
  type Task,
  type TaskFailure,
  type TaskQueue,
} from './port.js';

interface Job {
  id: string;
  task: Task<unknown>;
  payload: unknown;
  attemptsMade: number;
}

export class InlineTaskQueue implements TaskQueue {
  readonly kind = 'inline' as const;
  private readonly tasks = new Map<string, Task<unknown>>();
  private readonly ready: Job[] = [];
  private readonly pending = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(failure: TaskFailure) => void>();
  private readonly idle = new Set<() => void>();
  private running = false;
  private started = false;
  private closed = false;

  constructor(private readonly logger?: Logger) {}

  register<Payload>(task: Task<Payload>): void {
    this.tasks.set(task.name, task);
  }

  // async so that every refusal is a rejected promise, as with BullMQ.
  // eslint-disable-next-line @typescript-eslint/require-await
  async enqueue<Payload>(
    task: Task<Payload>,
    payload: Payload,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const valid = validatePayload(task, payload, this.tasks);
    const id = options.jobId ?? randomUUID();
    if (this.pending.has(id)) return id;
    // A JSON round trip keeps the inline runner honest: BullMQ would serialise the payload too.
    const job: Job = {
      id,
      task: task,
      payload: JSON.parse(JSON.stringify(valid)) as unknown,
      attemptsMade: 0,
    };
    this.pending.set(id, job);
    this.ready.push(job);
    this.pump();
    return id;
  }

  start(): Promise<void> {
    this.started = true;
    this.pump();
    return Promise.resolve();
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    if (this.pending.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idle.delete(done);
        reject(new Error(`background tasks still running after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idle.add(done);
    });
  }

  onFailure(listener: (failure: TaskFailure) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 5));
    this.ready.length = 0;
    this.pending.clear();
    this.settleIdle();
  }

  private pump(): void {
    if (!this.started || this.running || this.closed) return;
    this.running = true;
    setImmediate(() => void this.work());
  }

  private async work(): Promise<void> {
    while (!this.closed) {
      const job = this.ready.shift();
      if (!job) break;
      job.attemptsMade++;
      try {
        await job.task.run(job.payload);
        this.pending.delete(job.id);
      } catch (error) {
        this.retryOrFail(job, error);
      }
    }
    this.running = false;
    this.settleIdle();
  }

  private retryOrFail(job: Job, error: unknown): void {
    const attempts = job.task.attempts ?? taskDefaults.attempts;
    if (job.attemptsMade < attempts) {
      const delay = (job.task.backoffMs ?? taskDefaults.backoffMs) * 2 ** (job.attemptsMade - 1);
      this.logger?.warn(
        { task: job.task.name, jobId: job.id, attempt: job.attemptsMade, err: error },
        'task failed, retrying',
      );
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.ready.push(job);
        this.pump();
      }, delay);
      this.timers.add(timer);
      return;
    }
    this.pending.delete(job.id);
    const failure = {
      task: job.task.name,
      jobId: job.id,
      attemptsMade: job.attemptsMade,
      error: errorText(error),
    };
    this.logger?.error(failure, 'task failed for good');
    for (const listener of this.listeners) listener(failure);
  }

  private settleIdle(): void {
    if (this.pending.size > 0 && !this.closed) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }
}
