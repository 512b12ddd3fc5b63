// A worker process has no API, but operators still need to scrape it and probe it: this small listener
// answers /metrics (the same desk metrics as the API's, from this process) and /healthz (the process is up
// and its database answers). Nothing else is served on it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Desk } from '../runs/index.js';
import type { Database } from '../store/index.js';
import { deskRegistry, exposition } from './plugins/metrics.js';

export interface WorkerListener {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2_000;

export async function listenForOperators(
  sources: { desk: Desk; db: Database; tenantId: string },
  where: { port: number; host: string },
): Promise<WorkerListener> {
  const { registry, stop } = deskRegistry(sources);
  const healthy = async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sources.db.query('SELECT 1'),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), HEALTH_TIMEOUT_MS)),
        ),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return void response.writeHead(405).end();
    if (path === '/metrics') {
      exposition(registry).then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else if (path === '/healthz') {
      void healthy().then((ok) =>
        response
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ok' : 'down', database: sources.db.kind })),
      );
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
