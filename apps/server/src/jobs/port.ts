// The background-task port (DESIGN §4): typed tasks with retry defaults, run by an inline runner in the
// embedded default or by BullMQ workers on Redis in production. Both pass one conformance suite.
import type { z } from 'zod';
import { DeskError } from '../errors.js';
import type { Queryable } from '../store/index.js';

/**
 * A kind of background work. The payload is validated when it is enqueued (so a bad one fails the caller,
 * not a worker hours later) and must be JSON: a task may run in another process. `run` must be idempotent:
 * every adapter delivers at least once and retries a throw up to `attempts` times with exponential backoff —
 * except a `TASK_REJECTED` DeskError (see `rejectTask`), which fails the task at once: retrying cannot help.
 */
export interface Task<Payload> {
  readonly name: string;
  readonly payload: z.ZodType<Payload>;
  /** How many times to try in all before giving up (default 5). */
  readonly attempts?: number;
  /** The first retry's delay; each later one doubles it (default 1 s). */
  readonly backoffMs?: number;
  /**
   * A check that waits on the clock rather than on work a request left: a sweep that schedules its own next
   * run, or a deadline such as an idle hold's lapse, due minutes or hours from now. `drain()` does not wait
   * for it.
   */
  readonly timed?: boolean;
  run(payload: Payload): Promise<void>;
}

export interface EnqueueOptions {
  /** While a task with this id is waiting, running or retrying, enqueuing it again does nothing. */
  jobId?: string;
  /** Runs no earlier than this many milliseconds from now (default: at once). */
  delayMs?: number;
}

/**
 * A task this process has set a loop aside for, to be written with its caller's own write (see
 * `TaskQueue.reserve`). Exactly one of `start` and `drop` must follow.
 */
export interface TaskReservation {
  /** Adds the task's row, claimed by this process, through the caller's Queryable (statement or transaction). */
  write(q: Queryable): Promise<void>;
  /** The write committed: the task runs here now. */
  start(): void;
  /** The write did not happen (or failed): the loop set aside is free again. */
  drop(): void;
}

export interface TaskFailure {
  task: string;
  jobId: string;
  attemptsMade: number;
  error: string;
}

export interface TaskQueue {
  readonly kind: 'inline' | 'bullmq';
  /** Makes a task runnable here. Register every task before `start()`. */
  register<Payload>(task: Task<Payload>): void;
  /** Validates the payload and queues the task; returns its job id. Throws VALIDATION_FAILED or TASK_UNKNOWN. */
  enqueue<Payload>(task: Task<Payload>, payload: Payload, options?: EnqueueOptions): Promise<string>;
  /**
   * For a task that should start the moment its caller's own write commits: a loop of this process set aside
   * for it, and the task's row written inside that write, so the task is stored exactly when the caller's
   * data is and is not claimed again once stored. Only where tasks live in the desk's database (inline) and
   * a loop is free now; otherwise undefined, and the caller enqueues after its write. Validates the payload
   * as `enqueue` does; `jobId` must be new.
   */
  reserve?<Payload>(task: Task<Payload>, payload: Payload, jobId: string): TaskReservation | undefined;
  /** Starts running queued tasks in this process (a producer-only process never calls it). */
  start(): Promise<void>;
  /** Resolves once nothing is waiting, running or waiting to retry (timed checks aside). */
  drain(timeoutMs?: number): Promise<void>;
  /** The tasks that failed for good (used up their attempts, or were rejected), newest first. */
  failures(limit?: number): Promise<TaskFailure[]>;
  /** Called once per task that has used up its attempts. Returns the function that unsubscribes. */
  onFailure(listener: (failure: TaskFailure) => void): () => void;
  /**
   * Called when the queue's own store answers again after it was unreachable (BullMQ: Redis came back), so
   * work recorded meanwhile but not enqueued can be enqueued now. The inline runner's store is the database
   * itself, so it never calls it. Returns the function that unsubscribes.
   */
  onRestored(listener: () => void): () => void;
  /** Stops taking work, lets running tasks finish, releases connections. Idempotent. */
  close(): Promise<void>;
}

export const taskDefaults = { attempts: 5, backoffMs: 1000 } as const;

/** Checks a payload against its task's schema, as every adapter does at enqueue time. */
/**
 * The payload a queue may enqueue for `task`: TASK_UNKNOWN when the task was never registered with it,
 * VALIDATION_FAILED when the payload does not fit the task's schema.
 */
export function validatePayload<Payload>(
  task: Task<Payload>,
  payload: Payload,
  registered: ReadonlyMap<string, Task<unknown>>,
): Payload {
  if (!registered.has(task.name)) {
    throw new DeskError('TASK_UNKNOWN', `No task ${task.name} is registered`, { task: task.name });
  }
  const parsed = task.payload.safeParse(payload);
  if (!parsed.success) {
    throw new DeskError('VALIDATION_FAILED', `Invalid payload for task ${task.name}`, {
      task: task.name,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return parsed.data;
}

/** Fails a task for good, without retrying: its payload names something that cannot be run. */
export const rejectTask = (task: string, reason: string, details: Record<string, unknown> = {}) =>
  new DeskError('TASK_REJECTED', `${task}: ${reason}`, { task, reason, ...details });

/**
 * The payload a task received, parsed by `schema`; a malformed one fails the task for good with the issues
 * found (for tasks that accept any payload at enqueue time so that a bad one reaches them with its reason).
 */
export function payloadOrReject<Payload>(
  task: string,
  schema: z.ZodType<Payload>,
  payload: unknown,
): Payload {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw rejectTask(task, 'the payload is malformed', {
    issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  });
}

/**
 * Enqueues the next run of a recurring task, due at the first multiple of `everyMs` at least `delayMs` from
 * now. Its job id is the task's name and that due time, so every process scheduling it at once makes one task;
 * `atOnce` runs it now, under the id of that due time.
 */
export async function enqueueRecurring(
  queue: Pick<TaskQueue, 'enqueue'>,
  task: Task<{ dueAt: string }>,
  { everyMs, delayMs, atOnce = false }: { everyMs: number; delayMs: number; atOnce?: boolean },
): Promise<void> {
  const dueAt = new Date(Math.ceil((Date.now() + delayMs) / everyMs) * everyMs);
  await queue.enqueue(
    task,
    { dueAt: dueAt.toISOString() },
    {
      jobId: `${task.name}.${dueAt.getTime()}`,
      delayMs: atOnce ? 0 : Math.max(0, dueAt.getTime() - Date.now()),
    },
  );
}

/** Whether a task's error says retrying cannot help. */
export const isRejection = (error: unknown) => error instanceof DeskError && error.code === 'TASK_REJECTED';

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
