// A held conversation nobody works on returns to the unassigned queue: a `workspace.idle-return` task is
// scheduled for when the hold would lapse, and it either returns the conversation or finds it active and
// schedules the next look. The task queue keeps the time, not a poll loop.
import { z } from 'zod';
import type { Task, TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';

const payload = z.object({ tenantId: z.string().min(1), threadId: z.string().min(1) });
type IdlePayload = z.infer<typeof payload>;

/** What an idle check found: the hold returned to the queue, still active (since when), or no hold at all. */
export type IdleOutcome =
  { outcome: 'returned' } | { outcome: 'active'; lastActivityAt: string } | { outcome: 'free' };

export class IdleReturn {
  private readonly task: Task<IdlePayload>;
  private check: ((threadId: string, now: Date) => Promise<IdleOutcome>) | undefined;

  constructor(
    private readonly queue: TaskQueue,
    private readonly options: { tenantId: string; idleMinutes: number; logger: Logger },
  ) {
    this.task = {
      name: 'workspace.idle-return',
      payload,
      attempts: 3,
      // A deadline minutes away, not work a request left: waiting for queued work does not wait for it.
      timed: true,
      run: async ({ tenantId, threadId }) => {
        if (tenantId !== this.options.tenantId || !this.check) return;
        const found = await this.check(threadId, new Date());
        if (found.outcome === 'returned') {
          this.options.logger.info({ threadId }, 'held conversation idle: back in the unassigned queue');
        }
        // Someone worked on it since: look again when that activity would lapse.
        if (found.outcome === 'active') await this.schedule(threadId, found.lastActivityAt);
      },
    };
    queue.register(this.task);
  }

  /** What the task does when it runs (the takeover's idle check). */
  attach(check: (threadId: string, now: Date) => Promise<IdleOutcome>): void {
    this.check = check;
  }

  /** Schedules a look at the thread for when a hold active at `lastActivityAt` would lapse. */
  async schedule(threadId: string, lastActivityAt: string): Promise<void> {
    const dueAt = Date.parse(lastActivityAt) + this.options.idleMinutes * 60_000;
    // One task per thread and moment: a burst of replies in the same second schedules it once.
    await this.queue.enqueue(
      this.task,
      { tenantId: this.options.tenantId, threadId },
      {
        jobId: `workspace.idle-return.${threadId}.${Math.ceil(dueAt / 1000)}`,
        delayMs: Math.max(0, dueAt - Date.now()) + 1_000,
      },
    );
  }
}
