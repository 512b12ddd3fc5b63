// Serving the web app: browsers get the portal at / and the dashboard under /admin, API clients still get
// the JSON description at /, assets are files under the build folder only, and only /embed may be framed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPlugin } from './web.js';

describe('web app serving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-web-'));
  const app = Fastify();
  const secretName = `frontdesk-secret-${process.pid}.txt`;
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Frontdesk</title>');
    writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'widget.js'), '(()=>{})()');
    // A file beside the build folder that a crafted path must not reach.
    writeFileSync(join(dir, '..', `${secretName}`), 'secret');
    // What the API answers at / and the security headers it sets, as the real app does.
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', "default-src 'self';frame-ancestors 'self'");
      reply.header('x-frame-options', 'SAMEORIGIN');
    });
    app.get('/', () => ({ name: 'Frontdesk' }));
    await app.register(webPlugin, { dir });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', secretName), { force: true });
  });

  it('serves the portal to browsers at / and the service description to API clients', async () => {
    const page = await app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>Frontdesk</title>');
    const json = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(json.json()).toEqual({ name: 'Frontdesk' });
  });

  it('answers every dashboard path with the app, which routes on the client', async () => {
    for (const url of ['/admin', '/admin/inbox', '/admin/approvals/apr_1']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year and never a file outside the build folder', async () => {
    const asset = await app.inject('/assets/main-abc.js');
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject(`/assets/../../${secretName}`)).statusCode).toBe(404);
    expect((await app.inject(`/assets/%2e%2e/%2e%2e/${secretName}`)).statusCode).toBe(404);
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
  });

  it('lets any site frame the widget page and load the widget script, and nothing else', async () => {
    const embed = await app.inject('/embed');
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embed.headers['x-frame-options']).toBeUndefined();
    const admin = await app.inject('/admin');
    expect(admin.headers['x-frame-options']).toBe('SAMEORIGIN');
    const widget = await app.inject('/widget.js');
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('serves nothing when the app has not been built', async () => {
    const bare = Fastify();
    await bare.register(webPlugin, { dir: join(dir, 'no-build') });
    expect((await bare.inject('/admin')).statusCode).toBe(404);
    await bare.close();
  });
});
