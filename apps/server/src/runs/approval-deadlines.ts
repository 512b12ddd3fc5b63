// Approval deadlines, kept by the task queue rather than a poll loop: each `approvals.deadlines` task
// re-escalates what is overdue and schedules the next check. The next check's job id is its due minute, so
// every worker scheduling it at once still makes one task.
import { z } from 'zod';
import { enqueueRecurring, type Task, type TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { reescalateOverdue } from './approval-answers.js';
import type { DeskStorage } from './desk-types.js';

const payload = z.object({ dueAt: z.string() });
type DeadlinePayload = z.infer<typeof payload>;

export class ApprovalDeadlines {
  private readonly task: Task<DeadlinePayload>;

  constructor(
    private readonly storage: DeskStorage,
    private readonly queue: TaskQueue,
    private readonly options: { extendByHours: number; everyMs?: number; logger: Logger },
  ) {
    this.task = {
      name: 'approvals.deadlines',
      payload,
      attempts: 3,
      timed: true,
      run: async () => {
        const overdue = await reescalateOverdue(this.storage, new Date(), this.options.extendByHours);
        if (overdue.length > 0)
          this.options.logger.warn({ approvals: overdue.map((a) => a.id) }, 'approvals re-escalated');
        await this.schedule();
      },
    };
    queue.register(this.task);
  }

  /** Schedules the next check (now, when none is due yet: start-up). */
  async schedule(delayMs = this.options.everyMs ?? 60_000): Promise<void> {
    await enqueueRecurring(this.queue, this.task, { everyMs: this.options.everyMs ?? 60_000, delayMs });
  }
}
