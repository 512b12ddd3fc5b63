// Relays outbox rows to the event bus in order, marking each batch dispatched only after it was published.
// A crash between the two republishes the batch: at-least-once, which consumers absorb by event id. Each
// event is published under the trace of the transaction that wrote it (kept in its row).
import type { Logger } from '../logger.js';
import { contextFrom, inSpan, SpanKind } from '../observability/tracing.js';
import type { OutboxRepository } from '../store/index.js';
import type { EventBus } from './bus.js';

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly batchSize = 200,
  ) {}

  /** Publishes everything pending now; returns how many events went out. Concurrent calls share one pass. */
  flush(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Polls in the background until stopped. */
  start(intervalMs = 250): void {
    this.timer ??= setInterval(() => {
      this.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'outbox relay pass failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.outbox.pending(this.batchSize);
      if (batch.length === 0) return total;
      for (const entry of batch) {
        // Published under the trace of the request that wrote it, so that trace continues to the consumers.
        await inSpan(
          `${entry.event.topic} publish`,
          {
            kind: SpanKind.PRODUCER,
            parent: contextFrom(entry.trace),
            attributes: { 'messaging.operation.type': 'publish', 'messaging.message.id': entry.event.id },
          },
          () => this.bus.publish(entry.event),
        );
      }
      await this.outbox.markDispatched(batch.map((entry) => entry.seq));
      total += batch.length;
    }
  }
}
