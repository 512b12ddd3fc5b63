// Test support for suites on real Redis (session memory, background tasks): whether REDIS_URL's server
// answers, and a random key prefix per suite. Outside CI a missing server skips with a printed reason; in CI
// it fails.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inCi } from './databases.js';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisSkipReason(): Promise<string | undefined> {
  const client = new Redis(testRedisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch {
    if (inCi) throw new Error(`Redis is not reachable at ${testRedisUrl}, and CI runs every suite.`);
    const reason = `Redis is not reachable at ${testRedisUrl} (set TEST_REDIS_URL)`;
    console.warn(`[skip] Redis suites: ${reason}`);
    return reason;
  } finally {
    client.disconnect();
  }
}

export const randomPrefix = (label: string) => `fdtest-${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every key under a prefix (a suite's own scratch space). */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
