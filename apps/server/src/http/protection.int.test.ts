// Limits every response carries: rate limits per signed-in caller and per IP (in process, and shared
// through real Redis so two API processes count together), CORS as configured.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason, testRedisUrl } from '../testing/redis.js';
import { runtimeTargets } from '../testing/runtime.js';
import { buildApp, type App } from './app.js';
import { startTestApp, type TestApp } from '../testing/http.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;
const redisSkip = await redisSkipReason();

describe('protection', () => {
  let t: TestApp;
  const apps: App[] = [];
  const redis: Redis[] = [];
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const client of redis) client.disconnect();
    await t?.dispose();
  });
  const build = async (http: Parameters<typeof buildApp>[0]['http']) => {
    const app = buildApp({ ...t.deps, http: { ...t.deps.http, ...http } });
    apps.push(app);
    await app.ready();
    return app;
  };

  it('limits a signed-in caller per minute and answers 429 with a problem and Retry-After', async () => {
    const app = await build({ rateLimitPerKey: 2, rateLimitPerIp: 1_000 });
    const authorization = await t.bearer('customer', 'cus_04');
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ url: '/v1/me', headers: { authorization } })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await app.inject({ url: '/v1/me', headers: { authorization } });
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another caller has their own budget.
    const other = await t.bearer('customer', 'cus_05');
    expect((await app.inject({ url: '/v1/me', headers: { authorization: other } })).statusCode).toBe(200);
  });

  it('limits anonymous callers per IP address', async () => {
    const app = await build({ rateLimitPerKey: 1_000, rateLimitPerIp: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ url: '/v1/me', remoteAddress: '10.1.2.3' })).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
    expect((await app.inject({ url: '/v1/me', remoteAddress: '10.9.9.9' })).statusCode).toBe(401);
  });

  it('counts signed-in requests against their IP address too', async () => {
    const app = await build({ rateLimitPerKey: 1_000, rateLimitPerIp: 3 });
    const statuses = [];
    for (const who of ['cus_04', 'cus_05', 'cus_06', 'cus_07']) {
      const authorization = await t.bearer('customer', who);
      const response = await app.inject({
        url: '/v1/me',
        headers: { authorization },
        remoteAddress: '10.4.4.4',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const anonymous = await app.inject({ url: '/v1/me', remoteAddress: '10.4.4.4' });
    expect(anonymous.statusCode).toBe(429);
    expect(anonymous.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(anonymous.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ url: '/health/live', remoteAddress: '10.4.4.4' })).statusCode).toBe(200);
  });

  it.skipIf(redisSkip !== undefined)('counts across processes through Redis', async () => {
    const clients = [new Redis(testRedisUrl), new Redis(testRedisUrl)];
    redis.push(...clients);
    const [one, two] = await Promise.all(
      clients.map((client) => build({ rateLimitPerKey: 3, rateLimitPerIp: 1_000, redis: client })),
    );
    const authorization = await t.bearer('agent', `agent-${randomUUID().slice(0, 8)}`);
    const statuses = [];
    for (const app of [one!, two!, one!, two!]) {
      statuses.push((await app.inject({ url: '/v1/me', headers: { authorization } })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('allows only the configured CORS origins', async () => {
    const app = await build({ corsOrigins: ['https://desk.example'] });
    const allowed = await app.inject({ url: '/health/live', headers: { origin: 'https://desk.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.example');
    const other = await app.inject({ url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
