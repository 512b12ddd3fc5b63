// Session memory on Redis: shared by every process, each operation atomic (MULTI or a Lua script), every
// key under one prefix so deployments and test suites sharing a server never meet.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { HeldLock, Interaction, SessionMemory } from './session.js';

// Deletes the lock only if it still holds our token: a holder whose lock expired must not free the next one's.
const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisSessionOptions {
  redisUrl: string;
  prefix?: string;
  logger?: Logger;
}

export class RedisSessionMemory implements SessionMemory {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisSessionOptions) {
    this.prefix = options.prefix ?? 'frontdesk';
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
    this.redis.on('error', (error) => options.logger?.warn({ err: error }, 'redis (session memory) error'));
  }

  private key(...parts: string[]) {
    return [this.prefix, ...parts].join(':');
  }

  async getSession(tenantId: string, customerId: string) {
    const raw = await this.redis.get(this.key(tenantId, 'session', customerId));
    return raw === null ? undefined : (JSON.parse(raw) as Record<string, unknown>);
  }

  async setSession(tenantId: string, customerId: string, data: Record<string, unknown>, ttlMs: number) {
    await this.redis.set(this.key(tenantId, 'session', customerId), JSON.stringify(data), 'PX', ttlMs);
  }

  async recordInteraction(
    tenantId: string,
    customerId: string,
    interaction: Interaction,
    options: { keep: number; ttlMs: number },
  ) {
    const key = this.key(tenantId, 'recent', customerId);
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(interaction))
      .ltrim(key, 0, options.keep - 1)
      .pexpire(key, options.ttlMs)
      .exec();
  }

  async recentInteractions(tenantId: string, customerId: string, limit: number) {
    const raw = await this.redis.lrange(this.key(tenantId, 'recent', customerId), 0, limit - 1);
    return raw.map((item) => JSON.parse(item) as Interaction);
  }

  async setCoordination(
    tenantId: string,
    conversationId: string,
    field: string,
    value: unknown,
    ttlMs: number,
  ) {
    const key = this.key(tenantId, 'coordination', conversationId);
    await this.redis.multi().hset(key, field, JSON.stringify(value)).pexpire(key, ttlMs).exec();
  }

  async getCoordination(tenantId: string, conversationId: string) {
    const raw = await this.redis.hgetall(this.key(tenantId, 'coordination', conversationId));
    return Object.fromEntries(
      Object.entries(raw).map(([field, value]) => [field, JSON.parse(value) as unknown]),
    );
  }

  async acquireLock(name: string, ttlMs: number): Promise<HeldLock | undefined> {
    const key = this.key('lock', name);
    const token = randomBytes(12).toString('hex');
    const taken = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (taken !== 'OK') return undefined;
    return {
      name,
      token,
      release: async () => (await this.redis.eval(releaseScript, 1, key, token)) === 1,
    };
  }

  async increment(tenantId: string, counter: string, by = 1, ttlMs?: number) {
    const key = this.key(tenantId, 'counter', counter);
    const multi = this.redis.multi().incrby(key, by);
    // NX: the window starts with the first increment and is not stretched by later ones.
    if (ttlMs !== undefined) multi.pexpire(key, ttlMs, 'NX');
    const results = await multi.exec();
    return Number(results?.[0]?.[1]);
  }

  async forgetCustomer(tenantId: string, customerId: string) {
    await this.redis.del(this.key(tenantId, 'session', customerId), this.key(tenantId, 'recent', customerId));
  }

  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}
