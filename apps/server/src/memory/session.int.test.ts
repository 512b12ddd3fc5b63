// One conformance suite for session memory, run against the in-process adapter and Redis.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteKeys, randomPrefix, redisSkipReason, testRedisUrl } from '../testing/redis.js';
import { RedisSessionMemory } from './redis-session.js';
import { InProcessSessionMemory, type SessionMemory } from './session.js';

const redisSkip = await redisSkipReason();
const prefix = randomPrefix('session');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const adapters: Array<{ name: string; skip: string | undefined; open: () => SessionMemory }> = [
  { name: 'in-process', skip: undefined, open: () => new InProcessSessionMemory() },
  { name: 'redis', skip: redisSkip, open: () => new RedisSessionMemory({ redisUrl: testRedisUrl, prefix }) },
];

afterAll(async () => {
  if (!redisSkip) await deleteKeys(prefix);
});

for (const adapter of adapters) {
  describe.skipIf(adapter.skip !== undefined)(`session memory on ${adapter.name}`, () => {
    let memory: SessionMemory;
    let tenant: string;
    beforeEach(() => {
      memory = adapter.open();
      tenant = `t${Math.random().toString(36).slice(2, 8)}`;
    });
    afterEach(() => memory.close());

    it('keeps a customer session until its TTL passes', async () => {
      expect(await memory.getSession(tenant, 'cus_1')).toBeUndefined();
      await memory.setSession(tenant, 'cus_1', { lastIntent: 'refund_request', turns: 2 }, 150);
      expect(await memory.getSession(tenant, 'cus_1')).toEqual({ lastIntent: 'refund_request', turns: 2 });
      expect(await memory.getSession(tenant, 'cus_2')).toBeUndefined();
      await sleep(250);
      expect(await memory.getSession(tenant, 'cus_1')).toBeUndefined();
    });

    it('keeps the newest interactions first, capped, and lets them expire together', async () => {
      for (let i = 1; i <= 4; i++) {
        await memory.recordInteraction(
          tenant,
          'cus_1',
          { at: `2026-01-0${i}T00:00:00Z`, conversationId: 'conv_1', role: 'customer', text: `message ${i}` },
          { keep: 3, ttlMs: 200 },
        );
      }
      const recent = await memory.recentInteractions(tenant, 'cus_1', 10);
      expect(recent.map((item) => item.text)).toEqual(['message 4', 'message 3', 'message 2']);
      expect(await memory.recentInteractions(tenant, 'cus_1', 1)).toHaveLength(1);
      await sleep(300);
      expect(await memory.recentInteractions(tenant, 'cus_1', 10)).toEqual([]);
    });

    it('merges coordination notes per conversation', async () => {
      expect(await memory.getCoordination(tenant, 'conv_1')).toEqual({});
      await memory.setCoordination(tenant, 'conv_1', 'owner', 'research', 60_000);
      await memory.setCoordination(tenant, 'conv_1', 'tried', ['reset link'], 60_000);
      await memory.setCoordination(tenant, 'conv_2', 'owner', 'solution', 60_000);
      expect(await memory.getCoordination(tenant, 'conv_1')).toEqual({
        owner: 'research',
        tried: ['reset link'],
      });
    });

    it('gives a lock to one holder at a time, and only the holder can release it', async () => {
      const name = `${tenant}-refund-ord_1`;
      const first = await memory.acquireLock(name, 5_000);
      expect(first).toBeDefined();
      expect(await memory.acquireLock(name, 5_000)).toBeUndefined();
      expect(await first!.release()).toBe(true);
      expect(await first!.release()).toBe(false);
      const second = await memory.acquireLock(name, 100);
      expect(second).toBeDefined();
      await sleep(200);
      const third = await memory.acquireLock(name, 5_000);
      expect(third).toBeDefined();
      // The expired holder must not free the lock someone else now holds.
      expect(await second!.release()).toBe(false);
      expect(await memory.acquireLock(name, 5_000)).toBeUndefined();
      await third!.release();
    });

    it('counts atomically, and a counter window starts with its first increment', async () => {
      const values = await Promise.all(
        Array.from({ length: 20 }, () => memory.increment(tenant, 'escalations')),
      );
      expect(Math.max(...values)).toBe(20);
      expect(new Set(values).size).toBe(20);
      expect(await memory.increment(tenant, 'window', 5, 150)).toBe(5);
      await sleep(80);
      expect(await memory.increment(tenant, 'window', 1, 150)).toBe(6);
      await sleep(120);
      expect(await memory.increment(tenant, 'window', 1, 150)).toBe(1);
    });

    it('forgets a customer without touching another', async () => {
      await memory.setSession(tenant, 'cus_1', { a: 1 }, 60_000);
      await memory.setSession(tenant, 'cus_2', { b: 2 }, 60_000);
      const interaction = {
        at: '2026-01-01T00:00:00Z',
        conversationId: 'c',
        role: 'customer' as const,
        text: 'hi',
      };
      await memory.recordInteraction(tenant, 'cus_1', interaction, { keep: 5, ttlMs: 60_000 });
      await memory.forgetCustomer(tenant, 'cus_1');
      expect(await memory.getSession(tenant, 'cus_1')).toBeUndefined();
      expect(await memory.recentInteractions(tenant, 'cus_1', 5)).toEqual([]);
      expect(await memory.getSession(tenant, 'cus_2')).toEqual({ b: 2 });
    });
  });
}
