// Live progress on a Redis pub/sub channel, for deployments with Redis but no NATS. Redis delivers one
// connection's publishes in order; a subscriber needs a connection of its own.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { notifyAll, type Listener, type ProgressFanout } from './progress-fanout.js';

export class RedisProgressFanout<T> implements ProgressFanout<T> {
  private readonly listeners = new Set<Listener<T>>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly subscribed: Promise<void>;
  private readonly channel: string;
  private readonly logger: Logger;

  constructor(options: { url: string; channel: string; logger: Logger }) {
    const { url, channel, logger } = options;
    this.channel = channel;
    this.logger = logger;
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => logger.debug({ err: error }, 'redis (progress) unavailable'));
    }
    this.subscriber.on('message', (from: string, text: string) => {
      if (from !== channel) return;
      try {
        notifyAll(this.listeners, JSON.parse(text) as T);
      } catch (error) {
        logger.warn({ err: error }, 'unreadable progress report');
      }
    });
    this.subscribed = this.subscriber.subscribe(channel).then(() => undefined);
    this.subscribed.catch((error: unknown) => logger.warn({ err: error }, 'progress subscription failed'));
  }

  publish(progress: T): void {
    this.publisher
      .publish(this.channel, JSON.stringify(progress))
      .catch((error: unknown) => this.logger.debug({ err: error }, 'progress report not sent'));
  }

  onProgress(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ready(): Promise<void> {
    return this.subscribed;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all(
      [this.subscriber, this.publisher].map((client) => client.quit().catch(() => client.disconnect())),
    );
  }
}
