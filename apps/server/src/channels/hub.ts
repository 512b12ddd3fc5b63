// Connects the channels to the desk's events: every delivered reply is offered to each customer channel
// (the one carrying the conversation sends it), and every event to the team notifiers and webhooks.
import type { EventEnvelope } from '@frontdesk/contracts';
import type { Logger } from '../logger.js';
import { outboundReplyOf, type Channel, type ChannelEvents } from './port.js';

/** Something that reacts to desk events for the team (Slack) or for other systems (webhooks). */
export interface EventListener {
  readonly name: string;
  /** Idempotent by event id: the bus delivers at least once. */
  onEvent(event: EventEnvelope): Promise<void>;
}

export class ChannelHub {
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly channels: readonly Channel[],
    private readonly listeners: readonly EventListener[],
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the channels' own ports (the SMTP intake). Only the processes that take traffic in call it
   * (`serve`, `start`), so a one-shot CLI command never competes for the port.
   */
  async listen(): Promise<void> {
    for (const channel of this.channels) await channel.start();
  }

  /** Subscribes to the events: replies to deliver, events for the team and webhooks. */
  start(events: ChannelEvents): void {
    this.unsubscribe.push(
      events.subscribe('notifications.outbound', (event) => this.deliver(event)),
      events.subscribe('*', (event) => this.notify(event)),
    );
  }

  async close(): Promise<void> {
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    for (const channel of this.channels) await channel.close();
  }

  private async deliver(event: EventEnvelope): Promise<void> {
    const reply = outboundReplyOf(event);
    if (!reply) return;
    for (const channel of this.channels) {
      if ((await channel.deliver(reply)) === 'queued') {
        this.logger.debug(
          { channel: channel.name, threadId: reply.conversationId },
          'reply handed to channel',
        );
      }
    }
  }

  private async notify(event: EventEnvelope): Promise<void> {
    for (const listener of this.listeners) {
      // One listener failing (Slack down) must not keep the event from the others; the relay retries the
      // whole event only when publishing failed, so log and carry on.
      await listener
        .onEvent(event)
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error, listener: listener.name, eventId: event.id },
            'event listener failed',
          ),
        );
    }
  }
}
