// Redis stopped under a deployment (an API process and a worker on PostgreSQL, BullMQ on a private
// `redis-server`): messages accepted meanwhile are stored and answered once Redis returns — even though it
// returns empty — and what the API cannot do without Redis is refused with a problem document, never a 500.
//
// The outage lasts 30 s, well past every timeout that decides the behaviour — the queue's 3 s answer limit,
// the 3 s task lease set here, ioredis's reconnect back-off (at most 2 s between tries) — as an operator's
// Redis restart or fail-over would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.js';
import { buildApp, type App } from '../http/app.js';
import { appDepsFromRuntime } from '../http/from-runtime.js';
import { createScratchPostgres, postgresSkipReason } from '../testing/databases.js';
import { eventually } from '../testing/http.js';
import { PrivateRedisServer } from '../testing/redis.js';
import { openTestRuntime } from '../testing/runtime.js';

const OUTAGE_MS = 30_000;

const missing = await postgresSkipReason();

describe.skipIf(missing !== undefined)('Redis stopped under an API process and a worker', () => {
  let redis: PrivateRedisServer;
  let drop: () => Promise<void>;
  let worker: Runtime;
  let api: Runtime;
  let app: App;
  let bearer: (role: 'customer' | 'approver', sub: string) => Promise<string>;

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    const scratch = await createScratchPostgres();
    drop = () => scratch.drop();
    const location = { env: { DATABASE_URL: scratch.url }, dispose: () => Promise.resolve() };
    const env = { REDIS_URL: redis.url, FRONTDESK_TASK_LEASE_MS: '3000' };
    worker = await openTestRuntime(location, env);
    // The API process runs nothing: it accepts, enqueues and answers, as `frontdesk serve` does.
    api = await openTestRuntime(location, env, { work: false });
    const built = appDepsFromRuntime(api, { rateLimitPerIp: 100_000, rateLimitPerKey: 100_000 });
    app = buildApp(built.deps);
    await app.ready();
    const tokens = built.deps.security.tokens;
    bearer = async (role, sub) => `Bearer ${(await tokens.mint({ role, sub, tenant: 'demo' })).token}`;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await api?.close();
    await worker?.close();
    await redis?.stop();
    await drop?.();
  }, 60_000);

  const runStatuses = async (threadId: string, customer: string) =>
    (await app.inject({ url: `/v1/conversations/${threadId}`, headers: { authorization: customer } }))
      .json<{ requests: Array<{ runStatus: string }> }>()
      .requests.map((r) => r.runStatus);

  it('keeps every message accepted meanwhile, says what it cannot do, and answers them once Redis returns', async () => {
    const customer = await bearer('customer', 'cus_02');
    const approver = await bearer('approver', 'ana');
    const ask = (text: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/conversations',
        payload: { text },
        headers: { authorization: customer },
      });
    // Before: a message is answered through the queue.
    const before = (await ask('How do I reset my password?')).json<{ threadId: string }>();
    await eventually(async () => {
      const statuses = await runStatuses(before.threadId, customer);
      return statuses.every((s) => s === 'done') ? statuses : undefined;
    }, 60_000);

    await redis.stop();
    const stoppedAt = Date.now();
    // During: messages are still accepted (stored with their event, before any queue is asked) …
    const during: string[] = [];
    for (const text of ['Where is my order?', 'How do I reset my password?', 'What is your return policy?']) {
      const accepted = await ask(text);
      expect(accepted.statusCode, accepted.body).toBe(202);
      during.push(accepted.json<{ threadId: string }>().threadId);
    }
    // … reading works (the database is up) …
    expect(await runStatuses(during[0]!, customer)).toEqual(['queued']);
    // … and what needs Redis is refused with a problem document that says so.
    const tasks = await app.inject({ url: '/v1/status/tasks', headers: { authorization: approver } });
    expect(tasks.statusCode).toBe(503);
    expect(tasks.headers['content-type']).toContain('application/problem+json');
    expect(tasks.json()).toMatchObject({ status: 503, code: 'QUEUE_UNAVAILABLE' });
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 503, code: 'NOT_READY' });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    // Nothing ran meanwhile: the queue was away.
    for (const threadId of during) expect(await runStatuses(threadId, customer)).toEqual(['queued']);

    // After: Redis returns (empty: it keeps nothing on disk) and every message accepted meanwhile is answered.
    await redis.start();
    for (const threadId of during) {
      const statuses = await eventually(async () => {
        const now = await runStatuses(threadId, customer);
        return now.every((s) => s === 'done' || s === 'waiting') ? now : undefined;
      }, 60_000);
      expect(statuses).toHaveLength(1);
    }
    expect(await api.stores.requests.unfinished('demo')).toEqual([]);
    // Each answered once.
    const replies = await api.db.query<{ request_id: string; n: number }>(
      `SELECT request_id, count(*)::int AS n FROM messages WHERE tenant_id = 'demo' AND role = 'agent'
       GROUP BY request_id HAVING count(*) > 1`,
      [],
    );
    expect(replies).toEqual([]);
    await eventually(async () => {
      const ok = await app.inject({ url: '/v1/status/tasks', headers: { authorization: approver } });
      return ok.statusCode === 200 ? ok : undefined;
    }, 20_000);
  }, 180_000);
});
