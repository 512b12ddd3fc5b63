// The production adapter for background tasks: BullMQ on Redis. Any process may enqueue; every process that
// calls start() runs a worker, so tasks spread over all `frontdesk worker` processes and survive restarts.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DeskError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  errorText,
  isRejection,
  taskDefaults,
  validatePayload,
  type EnqueueOptions,
  type Task,
  type TaskFailure,
  type TaskQueue,
} from './port.js';

export interface BullMqOptions {
  redisUrl: string;
  /** The queue's name; one per tenant deployment. */
  queueName?: string;
  /** Key prefix in Redis, so tests and deployments sharing a server never meet. */
  prefix?: string;
  concurrency?: number;
  /**
   * How long a worker's lock on a running job lasts without renewal (BullMQ renews it at half this while the
   * job runs). A killed worker's jobs are found stalled within about 1.5 times this and run by another worker.
   * Default 30 s, BullMQ's own.
   */
  leaseMs?: number;
  /**
   * How long enqueuing or reading the queue waits for Redis before QUEUE_UNAVAILABLE (default 3 s). The
   * command itself stays queued in the connection and goes through when Redis returns.
   */
  answerWithinMs?: number;
  logger?: Logger;
}

// BullMQ reserves ':' in custom job ids.
const safeJobId = (id: string) => id.replace(/:/g, '_');

export class BullMqTaskQueue implements TaskQueue {
  readonly kind = 'bullmq' as const;
  private readonly tasks = new Map<string, Task<unknown>>();
  private readonly listeners = new Set<(failure: TaskFailure) => void>();
  private readonly restoredListeners = new Set<() => void>();
  /** Set while Redis does not answer; the next `ready` tells the restored listeners. */
  private lost = false;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqOptions) {
    // BullMQ's blocking commands need ioredis to retry forever rather than fail a request after 20 tries.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => options.logger?.warn({ err: error }, 'redis (jobs) error'));
    this.connection.on('close', () => (this.lost = true));
    this.connection.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      options.logger?.info('redis (jobs) answers again');
      for (const listener of this.restoredListeners) listener();
    });
    this.queue = new Queue(options.queueName ?? 'frontdesk-tasks', {
      connection: this.connection,
      prefix: options.prefix ?? 'frontdesk',
    });
    // The connection's own error handler above says Redis is away; without a listener BullMQ prints each one.
    this.queue.on('error', (error) => options.logger?.debug({ err: error }, 'task queue error'));
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
    const job = await this.answered(
      'enqueue',
      this.queue.add(task.name, valid, {
        attempts: task.attempts ?? taskDefaults.attempts,
        backoff: { type: 'exponential', delay: task.backoffMs ?? taskDefaults.backoffMs },
        removeOnComplete: true,
        removeOnFail: 1000,
        ...(options.jobId ? { jobId: safeJobId(options.jobId) } : {}),
        ...(options.delayMs ? { delay: options.delayMs } : {}),
      }),
    );
    return job.id ?? '';
  }

  async start(): Promise<void> {
    if (this.worker) return;
    // A worker blocks its connection while it waits for jobs, so it gets its own.
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(this.queue.name, (job: Job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.options.prefix ?? 'frontdesk',
      concurrency: this.options.concurrency ?? 2,
      lockDuration: this.options.leaseMs ?? 30_000,
      stalledInterval: Math.ceil((this.options.leaseMs ?? 30_000) / 2),
    });
    // A job whose worker stopped renewing its lock (killed, or stuck) goes back to the queue for any worker.
    this.worker.on('stalled', (jobId) =>
      this.options.logger?.warn({ jobId }, 'task taken over from a worker that stopped'),
    );
    this.worker.on('failed', (job, error) => {
      if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError)))
        return;
      const failure = {
        task: job.name,
        jobId: job.id ?? '',
        attemptsMade: job.attemptsMade,
        error: errorText(error),
      };
      this.options.logger?.error(failure, 'task failed for good');
      for (const listener of this.listeners) listener(failure);
    });
    this.worker.on('error', (error) => this.options.logger?.warn({ err: error }, 'task worker error'));
    await this.worker.waitUntilReady();
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // One atomic reading of every state: a job moving between two readings (active → delayed for a retry,
      // delayed → waiting) could otherwise be missed by both. Timed checks wait in `delayed` until their time.
      const { delayed = 0, ...others } = await this.queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
      );
      if (Object.values(others).every((count) => count === 0)) {
        const timed =
          delayed === 0
            ? 0
            : (await this.queue.getDelayed()).filter((job) => this.tasks.get(job.name)?.timed).length;
        if (delayed <= timed) return;
      }
      if (Date.now() > deadline) throw new Error(`background tasks still queued after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async failures(limit = 50): Promise<TaskFailure[]> {
    const jobs = await this.answered('read failures', this.queue.getFailed(0, limit - 1));
    return jobs.map((job) => ({
      task: job.name,
      jobId: job.id ?? '',
      attemptsMade: job.attemptsMade,
      error: job.failedReason,
    }));
  }

  onFailure(listener: (failure: TaskFailure) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRestored(listener: () => void): () => void {
    this.restoredListeners.add(listener);
    return () => this.restoredListeners.delete(listener);
  }

  /**
   * The operation's result, or QUEUE_UNAVAILABLE once Redis has not answered within `answerWithinMs`: a caller
   * (an HTTP request) is told rather than held until Redis returns. The operation itself goes on.
   */
  private answered<T>(what: string, operation: Promise<T>): Promise<T> {
    const withinMs = this.options.answerWithinMs ?? 3000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DeskError(
              'QUEUE_UNAVAILABLE',
              `The task queue did not answer within ${withinMs} ms (${what})`,
              {
                operation: what,
              },
            ),
          ),
        withinMs,
      );
    });
    // Whatever the operation does after the caller stopped waiting is logged, never left unhandled.
    operation.catch((error: unknown) =>
      this.options.logger?.warn({ err: error, operation: what }, 'task queue'),
    );
    return Promise.race([operation, late]).finally(() => clearTimeout(timer));
  }

  /** Removes every job and key of this queue (tests and `demo reset`). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.worker?.close();
      await this.queue.close();
      await this.workerConnection?.quit().catch(() => undefined);
      await this.connection.quit().catch(() => undefined);
    })();
    return this.closing;
  }

  private async process(job: Job): Promise<void> {
    const task = this.tasks.get(job.name);
    if (!task)
      throw new DeskError('TASK_UNKNOWN', `No task ${job.name} is registered here`, { task: job.name });
    try {
      await task.run(job.data);
    } catch (error) {
      // BullMQ's own way to fail a job without its remaining attempts.
      if (isRejection(error)) throw new UnrecoverableError(errorText(error));
      throw error;
    }
  }
}
