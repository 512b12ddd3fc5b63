// Session memory: latency of a cache hit (a customer's session data read back) on local Redis and in-process,
// with a bare ioredis GET of the same key as the same-process baseline, plus recent-interaction reads and
// lock round trips.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  InProcessSessionMemory,
  RedisSessionMemory,
  type SessionMemory,
} from '../apps/server/src/memory/index.js';
import { percentile, round, sample } from './stats.js';

const WARMUP = 1_000;
const MEASURED = 10_000;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  opsPerSecond: number;
}

async function time(run: (i: number) => Promise<unknown>): Promise<Timing> {
  const { sorted, perSecond } = await sample(MEASURED, run, WARMUP);
  return {
    p50: round(percentile(sorted, 50), 4),
    p95: round(percentile(sorted, 95), 4),
    p99: round(percentile(sorted, 99), 4),
    opsPerSecond: Math.round(perSecond),
  };
}

const session = { lastIntent: 'refund_request', turns: 3, orderId: 'ord_1042', tier: 'vip', language: 'en' };

async function measureAdapter(memory: SessionMemory) {
  const customers = Array.from({ length: 100 }, (_, i) => `cus_${i}`);
  for (const customer of customers) {
    await memory.setSession('bench', customer, session, 600_000);
    for (let k = 0; k < 10; k++) {
      await memory.recordInteraction(
        'bench',
        customer,
        { at: new Date().toISOString(), conversationId: 'conv', role: 'customer', text: `message ${k}` },
        { keep: 20, ttlMs: 600_000 },
      );
    }
  }
  const hit = await time(async (i) => {
    const data = await memory.getSession('bench', customers[i % customers.length]!);
    if (!data) throw new Error('expected a cache hit');
  });
  const recent = await time((i) => memory.recentInteractions('bench', customers[i % customers.length]!, 5));
  const lock = await time(async (i) => {
    const held = await memory.acquireLock(`order-${i}`, 5_000);
    await held?.release();
  });
  return { hit, recent, lock };
}

export async function sessionBench(): Promise<Record<string, unknown>> {
  const prefix = `fdbench-${randomBytes(4).toString('hex')}`;
  const inProcess = await measureAdapter(new InProcessSessionMemory());
  const redis = new RedisSessionMemory({ redisUrl, prefix });
  const bare = new Redis(redisUrl);
  try {
    const onRedis = await measureAdapter(redis);
    await bare.set(`${prefix}:bare`, JSON.stringify(session));
    const baseline = await time(async () => JSON.parse((await bare.get(`${prefix}:bare`))!) as unknown);
    console.log(`session memory, ${MEASURED} operations each after ${WARMUP} warm-up (ms)`);
    console.log(
      `${'operation'.padEnd(40)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'ops/s'.padStart(8)}`,
    );
    const line = (label: string, t: Timing) =>
      console.log(
        `${label.padEnd(40)} ${t.p50.toFixed(3).padStart(8)} ${t.p95.toFixed(3).padStart(8)} ${t.p99.toFixed(3).padStart(8)} ${String(t.opsPerSecond).padStart(8)}`,
      );
    line('redis: session cache hit', onRedis.hit);
    line('redis: bare GET + JSON.parse (baseline)', baseline);
    line('redis: 5 recent interactions', onRedis.recent);
    line('redis: lock acquire + release', onRedis.lock);
    line('in-process: session cache hit', inProcess.hit);
    line('in-process: 5 recent interactions', inProcess.recent);
    return {
      redis: {
        ...onRedis,
        bareGet: baseline,
        hitOverBareP99: Number((onRedis.hit.p99 / baseline.p99).toFixed(2)),
      },
      inProcess,
    };
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await bare.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await bare.del(...keys);
    } while (cursor !== '0');
    bare.disconnect();
    await redis.close();
  }
}
