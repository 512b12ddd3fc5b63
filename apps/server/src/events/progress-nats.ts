// Live progress on a core NATS subject (no JetStream: nothing is stored). Each report is one JSON message;
// NATS keeps one publisher's messages in order for a subscriber.
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';
import { notifyAll, type Listener, type ProgressFanout } from './progress-fanout.js';

export class NatsProgressFanout<T> implements ProgressFanout<T> {
  private readonly listeners = new Set<Listener<T>>();
  private readonly subscription: Subscription;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly logger: Logger,
  ) {
    this.subscription = nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        try {
          notifyAll(this.listeners, message.json<T>());
        } catch (parseError) {
          this.logger.warn({ err: parseError }, 'unreadable progress report');
        }
      },
    });
  }

  /** Connects to NATS (reconnecting for ever) and subscribes to `subject`. */
  static async open<T>(options: {
    servers: string;
    subject: string;
    logger: Logger;
  }): Promise<NatsProgressFanout<T>> {
    const nc = await connect({
      servers: options.servers.split(',').map((server) => server.trim()),
      name: 'frontdesk-progress',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    return new NatsProgressFanout<T>(nc, options.subject, options.logger);
  }

  publish(progress: T): void {
    try {
      this.nc.publish(this.subject, JSON.stringify(progress));
    } catch (error) {
      this.logger.debug({ err: error }, 'progress report not sent');
    }
  }

  onProgress(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A round trip to the server, after which the subscription is in place. */
  ready(): Promise<void> {
    return this.nc.flush();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscription.unsubscribe();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
