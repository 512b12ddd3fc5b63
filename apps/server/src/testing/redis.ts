// Test support for suites on real Redis (session memory, background tasks): whether REDIS_URL's server
// answers, a random key prefix per suite, and a private server a test may stop and start again. Outside CI a missing server skips with a printed reason; in CI
// it fails.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inCi } from './databases.js';
import { freePort } from './nats.js';
import { ServerProcess } from './private-server.js';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisServerBinary = process.env.TEST_REDIS_SERVER ?? 'redis-server';

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

/**
 * A private `redis-server` on a free port that a test may stop and start again. It keeps nothing on disk, so
 * it comes back empty: what the desk needs after an outage must come from its database.
 */
export class PrivateRedisServer {
  private readonly server: ServerProcess;
  private constructor(readonly port: number) {
    this.server = new ServerProcess(
      'redis-server',
      () => ({
        binary: redisServerBinary,
        args: ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      }),
      () => redisAnswers(this.url),
    );
  }

  static async start(): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  /** Stops the server at once (SIGKILL: clients see the connection drop) and waits for it to be gone. */
  stop(): Promise<void> {
    return this.server.kill();
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
