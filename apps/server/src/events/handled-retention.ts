// Keeps the consumer groups' de-duplication records (`handled_events`) from growing for ever: a record is only
// needed while the event can still be redelivered, and JetStream's bounded redeliveries end within minutes.
// Like approval deadlines, the check is a recurring task on the queue (one per due hour, whichever process
// schedules it), not a timer in every process.
import { z } from 'zod';
import { enqueueRecurring, type Task, type TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { HandledEventRepository } from '../store/handled-events.js';

const EVERY_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

const payload = z.object({ dueAt: z.string() });
type RetentionPayload = z.infer<typeof payload>;

export class HandledEventRetention {
  private readonly task: Task<RetentionPayload>;

  constructor(
    handled: Pick<HandledEventRepository, 'forgetBefore'>,
    private readonly queue: TaskQueue,
    options: { keepDays: number; logger: Logger },
  ) {
    this.task = {
      name: 'events.handled-retention',
      payload,
      attempts: 3,
      timed: true,
      run: async () => {
        const forgotten = await handled.forgetBefore(new Date(Date.now() - options.keepDays * DAY_MS));
        if (forgotten > 0) options.logger.info({ forgotten }, 'old event de-duplication records removed');
        await this.schedule(EVERY_MS);
      },
    };
    queue.register(this.task);
  }

  /**
   * Schedules the next check at the top of the hour `delayMs` from now; with no delay (start-up) it runs at once,
   * under the id of the coming hour, so processes starting together still make one task.
   */
  async schedule(delayMs = EVERY_MS): Promise<void> {
    await enqueueRecurring(this.queue, this.task, { everyMs: EVERY_MS, delayMs, atOnce: delayMs === 0 });
  }
}
