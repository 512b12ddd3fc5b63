// Redis adapter of the response cache (production: shared by every process). Keys live under a prefix; Redis
// expires them (PX), so nothing needs sweeping. It owns its connection, opened on first use only, so a desk
// that never asks a model never connects.
import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { ResponseCache } from './response-cache.js';

export class RedisResponseCache implements ResponseCache {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'frontdesk:response-cache:',
  ) {
    // Fail fast rather than queue: a cache that is down must not hold a customer's request.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  async waitUntilReady(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
    else if (this.redis.status !== 'ready') await once(this.redis, 'ready');
  }

  /** Starts connecting on first use; until it is ready, commands fail fast and the caller treats that as a miss. */
  private connection(): Redis {
    if (this.redis.status === 'wait') this.redis.connect().catch(() => undefined);
    return this.redis;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.connection().get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.connection().set(this.prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async close(): Promise<void> {
    if (this.redis.status === 'wait') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
