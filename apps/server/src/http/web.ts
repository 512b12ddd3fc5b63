// Serves the built web app (apps/web/dist): the portal at / (for browsers; API clients asking / for JSON
// still get the service description), the dashboard at /admin/*, the widget's page at /embed, the hashed
// assets and /widget.js. Nothing is served when the app has not been built (`npm run build:web`).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { globalPlugin } from './plugins/global.js';

export const defaultWebDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Whether a request is a browser navigation (it prefers HTML) rather than an API call. */
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

export const webPlugin = globalPlugin<{ dir?: string }>('frontdesk-web', (app, options) => {
  const dir = options.dir ?? defaultWebDir;
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) {
    app.log.info({ dir }, 'web app not built: the portal and dashboard are not served (npm run build:web)');
    return Promise.resolve();
  }
  // Read per request: the page is tiny, and a rebuild (new asset hashes) must not need a restart.
  const page = async (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(indexPath, 'utf8'));

  const file = async (reply: FastifyReply, relative: string, cache: string) => {
    const path = normalize(join(dir, relative));
    if (!path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return reply.callNotFound();
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      return reply.callNotFound();
    }
    return reply
      .header('cache-control', cache)
      .type(types[extname(path)] ?? 'application/octet-stream')
      .send(body);
  };

  // The portal lives at /, which also describes the service to API clients: browsers get the page.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.url.split('?')[0] === '/' && wantsHtml(request)) {
      await page(reply);
      return reply;
    }
  });

  const hidden = { schema: { hide: true } };
  app.get('/admin', hidden, (_request, reply) => page(reply));
  app.get('/admin/*', hidden, (_request, reply) => page(reply));
  // The widget's chat, framed by other sites' pages: this one page may be embedded anywhere.
  app.get('/embed', hidden, (_request, reply) => {
    const policy = String(reply.getHeader('content-security-policy') ?? "default-src 'self'");
    reply.header('content-security-policy', policy.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
    reply.removeHeader('x-frame-options');
    return page(reply);
  });
  app.get('/assets/*', hidden, (request, reply) =>
    file(reply, `assets/${(request.params as { '*': string })['*']}`, 'public, max-age=31536000, immutable'),
  );
  app.get('/favicon.svg', hidden, (_request, reply) => file(reply, 'favicon.svg', 'public, max-age=86400'));
  // Other sites load the widget script: it must be readable cross-origin, and refreshed now and then.
  app.get('/widget.js', hidden, (_request, reply) => {
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return file(reply, 'widget.js', 'public, max-age=300');
  });
  return Promise.resolve();
});
