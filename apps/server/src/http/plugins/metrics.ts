// Prometheus metrics at /metrics: request counts and latency by route, live stream connections, desk runs,
// and the process's own figures. One registry per app, so several apps in one process never collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { processRegistry } from '../../observability/meter.js';
import type { Desk } from '../../runs/index.js';
import type { Database } from '../../store/index.js';
import { registerDeskMetrics } from './desk-metrics.js';
import { globalPlugin } from './global.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry; streamConnections: Gauge<'transport'> };
  }
}

export interface MetricsOptions {
  desk: Desk;
  db: Database;
  tenantId: string;
}

export const metricsPlugin = globalPlugin<MetricsOptions>(
  'frontdesk-metrics',
  (app, { desk, db, tenantId }) => {
    const { registry, stop } = deskRegistry({ desk, db, tenantId });
    const requests = new Counter({
      name: 'frontdesk_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'frontdesk_http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    const streamConnections = new Gauge({
      name: 'frontdesk_stream_connections',
      help: 'Open conversation streams by transport',
      labelNames: ['transport'] as const,
      registers: [registry],
    });
    app.addHook('onClose', (_app, done) => {
      stop();
      done();
    });
    app.decorate('metrics', { registry, streamConnections });

    app.addHook('onResponse', async (request, reply) => {
      // Route templates (not raw URLs) keep label cardinality bounded.
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      // This app's metrics, then the process-wide ones (models, cache, search, tasks) from observability/.
      reply.type(registry.contentType).send(await exposition(registry)),
    );
    return Promise.resolve();
  },
);

/**
 * What every desk process exports, API or worker: the process's own figures, runs by outcome and the desk's
 * readings (agent steps, approval backlog, relay lag, task queue). `stop` stops listening to run progress.
 */
export function deskRegistry({ desk, db, tenantId }: MetricsOptions): {
  registry: Registry;
  stop: () => void;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'frontdesk_' });
  const runs = new Counter({
    name: 'frontdesk_runs_total',
    help: 'Graph runs this process finished, by how they ended',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const stopListening = desk.onProgress((progress) => {
    if (progress.type === 'run.settled') runs.inc({ status: progress.status });
    else if (progress.type === 'run.failed') runs.inc({ status: 'failed' });
  });
  const stopDeskMetrics = registerDeskMetrics(registry, {
    onProgress: (l) => desk.onProgress(l),
    db,
    tenantId,
  });
  return {
    registry,
    stop: () => {
      stopListening();
      stopDeskMetrics();
    },
  };
}

/** A registry's metrics, then the process-wide ones (models, cache, search, tasks, traces) from observability/. */
export const exposition = async (registry: Registry) =>
  `${await registry.metrics()}\n${await processRegistry.metrics()}`;
