// The app's foundation: health, request ids, problem documents, security headers, docs and metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets } from '../testing/runtime.js';
import { buildApp } from './app.js';
import { startTestApp, type TestApp } from '../testing/http.js';

// Nothing here depends on the database, so the one that starts faster: PostgreSQL when present.
const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;

describe('HTTP app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => t?.dispose());

  it('reports liveness and readiness with the database it checked', async () => {
    expect((await t.app.inject('/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { database: { status: 'ok', kind: target.name } } });
  });

  it('answers an unknown route with a problem document and echoes a request id', async () => {
    const response = await t.app.inject({ url: '/nope', headers: { 'x-request-id': 'req-123' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['x-request-id']).toBe('req-123');
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND', status: 404, instance: '/nope' });
  });

  it('replaces a request id that is not a plain token', async () => {
    const response = await t.app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\n' } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await t.app.inject('/health/live');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves an OpenAPI 3.1 document generated from the schemas, and the docs page', async () => {
    const spec = (await t.app.inject('/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/conversations',
        '/v1/conversations/{threadId}/messages',
        '/v1/approvals',
        // The operations the command line runs through a desk that holds its database.
        '/v1/events/replay',
        '/v1/demo/reset',
        '/v1/intent-models',
        '/v1/triage-rules',
      ]),
    );
    const page = await t.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });

  it('exposes Prometheus metrics with request counts by route', async () => {
    await t.app.inject('/health/live');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain(
      'frontdesk_http_requests_total{method="GET",route="/health/live",status="200"}',
    );
  });

  it('signs in a demo user through the development sign-in when it is on, and only then', async () => {
    const withLogin = (devLogin: boolean) =>
      buildApp({ ...t.deps, security: { ...t.deps.security, devLogin } });
    const on = withLogin(true);
    const off = withLogin(false);
    try {
      const payload = { role: 'customer', sub: 'cus_03' };
      const signIn = await on.inject({ method: 'POST', url: '/v1/auth/dev-token', payload });
      expect(signIn.statusCode).toBe(200);
      const me = await on.inject({
        url: '/v1/me',
        headers: { authorization: `Bearer ${signIn.json().token}` },
      });
      expect(me.json()).toEqual({ subject: 'cus_03', role: 'customer', tenant: 'demo', via: 'token' });
      const refused = await off.inject({ method: 'POST', url: '/v1/auth/dev-token', payload });
      expect(refused.statusCode).toBe(404);
    } finally {
      await on.close();
      await off.close();
    }
  });
});
