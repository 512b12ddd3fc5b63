// Protection every response gets: security headers (helmet), CORS as configured, and rate limits counted
// per API key or signed-in user and, for every request signed in or not, per IP address (in process, or
// shared through Redis when configured).
import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { DeskError } from '../../errors.js';
import { rateKeyOf } from '../../security/index.js';
import type { HttpOptions } from '../deps.js';
import { globalPlugin } from './global.js';

/** Paths that probes and scrapers call often and that reveal nothing: never rate limited. */
const unlimited = new Set(['/health/live', '/health/ready', '/metrics']);

export const protectionPlugin = globalPlugin<{ options: HttpOptions }>(
  'frontdesk-protection',
  async (app, { options }) => {
    // Helmet's middleware is built once here: the Fastify wrapper rebuilt it (parsing every directive) on
    // every request, a sixteenth of what reading a conversation costs.
    const securityHeaders = helmet({
      // The API serves JSON; the docs page brings its own static assets (no CDN), allowed by the CSP below.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'same-site' },
    });
    app.addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
    await app.register(cors, {
      origin:
        options.corsOrigins === '*' ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
      credentials: options.corsOrigins !== '*',
      exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
    });
    const tooMany = (after: string, ttlMs: number) =>
      Object.assign(
        new DeskError('RATE_LIMITED', `Too many requests; try again in ${after}`, {
          retryAfterSeconds: Math.ceil(ttlMs / 1000),
        }),
        { statusCode: 429 },
      );
    const exempt = (request: FastifyRequest) => unlimited.has(request.url.split('?')[0]!);
    // Per caller: API key or signed-in user. Signed-out requests are counted by the per-IP limit below.
    await app.register(rateLimit, {
      global: true,
      ...(options.redis ? { redis: options.redis, nameSpace: 'frontdesk-rl:' } : {}),
      // While Redis (the shared counters) is down, requests are let through uncounted: an outage of the
      // counters must not turn every request into an error (the per-IP limit below inherits this).
      skipOnError: true,
      timeWindow: 60_000,
      allowList: (request) => exempt(request) || !request.principal,
      keyGenerator: (request) => (request.principal ? rateKeyOf(request.principal) : `ip:${request.ip}`),
      max: options.rateLimitPerKey,
      errorResponseBuilder: (_request, context) => tooMany(context.after, context.ttl),
    });
    // Per IP address, whoever signs in: many stolen keys from one address still share one budget.
    const perIp = app.createRateLimit({
      timeWindow: 60_000,
      max: options.rateLimitPerIp,
      keyGenerator: (request) => `every-ip:${request.ip}`,
      // Not the per-caller allow list (which lets signed-out requests through to this one).
      allowList: () => false,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request)) return;
      const limit = await perIp(request);
      if (limit.isAllowed || !limit.isExceeded) return;
      void reply.header('retry-after', String(limit.ttlInSeconds));
      throw tooMany(`${limit.ttlInSeconds} seconds`, limit.ttl);
    });
  },
);
