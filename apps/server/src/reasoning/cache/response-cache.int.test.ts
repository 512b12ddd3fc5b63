// One conformance suite for the response cache, run on the in-process adapter and on Redis (127.0.0.1:6379 or
// TEST_REDIS_URL; outside CI a missing server skips with a printed reason, in CI it fails).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi } from '../../testing/databases.js';
import { RedisResponseCache } from './redis-cache.js';
import { MemoryResponseCache, responseCacheKey, type ResponseCache } from './response-cache.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisSkipReason(): Promise<string | undefined> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch {
    if (inCi) throw new Error(`Redis is not reachable at ${redisUrl}, and CI runs every suite.`);
    const reason = `Redis is not reachable at ${redisUrl} (set TEST_REDIS_URL)`;
    console.warn(`[skip] Redis response cache: ${reason}`);
    return reason;
  } finally {
    probe.disconnect();
  }
}

const adapters: Array<{ name: string; skipReason: string | undefined; open(): Promise<ResponseCache> }> = [
  { name: 'in-process', skipReason: undefined, open: () => Promise.resolve(new MemoryResponseCache()) },
  {
    name: 'redis',
    skipReason: await redisSkipReason(),
    open: async () => {
      // A random prefix per run, so parallel suites never see each other's keys.
      const cache = new RedisResponseCache(redisUrl, `frontdesk-test:${randomUUID()}:`);
      await cache.waitUntilReady();
      return cache;
    },
  },
];

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(`response cache on ${adapter.name}`, () => {
    let cache: ResponseCache;
    beforeAll(async () => {
      cache = await adapter.open();
    });
    afterAll(async () => cache?.close());

    it('returns undefined for a key never stored', async () => {
      expect(await cache.get(responseCacheKey('openai:m', 'classify@v1', 'never'))).toBeUndefined();
    });

    it('returns what was stored, and the newest value for a key stored twice', async () => {
      const key = responseCacheKey('openai:m', 'classify@v1', 'hello');
      await cache.set(key, '{"intent":"greeting"}', 60_000);
      expect(await cache.get(key)).toBe('{"intent":"greeting"}');
      await cache.set(key, '{"intent":"thanks"}', 60_000);
      expect(await cache.get(key)).toBe('{"intent":"thanks"}');
    });

    it('forgets a value once its time to live has passed', async () => {
      const key = responseCacheKey('openai:m', 'classify@v1', 'short-lived');
      await cache.set(key, 'x', 40);
      expect(await cache.get(key)).toBe('x');
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await cache.get(key)).toBeUndefined();
    });

    it('keys differ by model and by prompt', () => {
      const a = responseCacheKey('openai:a', 'classify@v1', 'p');
      expect(a).not.toBe(responseCacheKey('openai:b', 'classify@v1', 'p'));
      expect(a).not.toBe(responseCacheKey('openai:a', 'classify@v1', 'q'));
      expect(a).toMatch(/^[0-9a-f]{64}$/);
    });
  });
}

describe('response cache on an unreachable Redis', () => {
  it('fails fast instead of holding the request (callers treat a failure as a miss)', async () => {
    const cache = new RedisResponseCache('redis://127.0.0.1:1');
    const started = Date.now();
    await expect(cache.get('k')).rejects.toThrow();
    await expect(cache.set('k', 'v', 1000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    await cache.close();
  });
});
