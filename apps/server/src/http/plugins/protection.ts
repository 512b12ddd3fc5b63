// Protection every response gets: security headers (helmet), CORS as configured, and rate limits counted
// per API key or signed-in user and per IP address (in process, or shared through Redis when configured).
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { DeskError } from '../../errors.js';
import { rateKeyOf } from '../../security/index.js';
import type { HttpOptions } from '../deps.js';
import { globalPlugin } from './global.js';

/** Paths that probes and scrapers call often and that reveal nothing: never rate limited. */
const unlimited = new Set(['/health/live', '/health/ready', '/metrics']);

export const protectionPlugin = globalPlugin<{ options: HttpOptions }>(
  'frontdesk-protection',
  async (app, { options }) => {
    await app.register(helmet, {
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
    await app.register(cors, {
      origin:
        options.corsOrigins === '*' ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
      credentials: options.corsOrigins !== '*',
      exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
    });
    await app.register(rateLimit, {
      global: true,
      ...(options.redis ? { redis: options.redis, nameSpace: 'frontdesk-rl:' } : {}),
      timeWindow: 60_000,
      allowList: (request) => unlimited.has(request.url.split('?')[0]!),
      keyGenerator: (request) => (request.principal ? rateKeyOf(request.principal) : `ip:${request.ip}`),
      max: (_request, key) => (key.startsWith('ip:') ? options.rateLimitPerIp : options.rateLimitPerKey),
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new DeskError('RATE_LIMITED', `Too many requests; try again in ${context.after}`, {
            retryAfterSeconds: Math.ceil(context.ttl / 1000),
          }),
          { statusCode: 429 },
        ),
    });
  },
);
