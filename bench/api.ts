// API benchmark: requests/s and p50/p99 for posting a message and for reading a conversation (autocannon on a
// worker thread against a listening server on 127.0.0.1, embedded database, local engine), each as a ratio to a
// bare Fastify route measured in the same run (a read also to a bare route making one round trip to the
// database); the time from POST to the first streamed event; and the memory 10,000 idle WebSocket connections
// cost the server process (clients in a child process, loopback only).
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fastify from 'fastify';
import WebSocket from 'ws';
import { loadConfig } from '../apps/server/src/config.js';
import { appDepsFromRuntime, buildApp } from '../apps/server/src/http/index.js';
import { createLogger } from '../apps/server/src/logger.js';
import { createRuntime } from '../apps/server/src/runtime.js';
import { createScratchPostgres, postgresSkipReason } from '../apps/server/src/testing/databases.js';
import { percentile } from './stats.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const DURATION_S = 5;
const CONNECTIONS = 10;
/** Posting starts a graph run per request; a fixed amount keeps the background work bounded. */
const POSTS = 200;
const FIRST_EVENT_SAMPLES = 30;
const IDLE_SOCKETS = 10_000;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function cannon(options: Record<string, unknown>) {
  // The load runs on a worker thread: on the server's own event loop it would take half of every request's
  // time from the server it measures (clients are never in the server's process).
  const result = await autocannon({ connections: CONNECTIONS, workers: 1, ...options });
  return {
    rps: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Runs the WebSocket clients in a child process, so the server's memory is measured alone. */
function openIdleSockets(url: string, count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-ws-'));
  const script = join(dir, 'clients.cjs');
  writeFileSync(
    script,
    `const WebSocket = require(${JSON.stringify(createRequire(import.meta.url).resolve('ws'))});
     const [url, count] = process.argv.slice(2);
     const sockets = []; let open = 0; let failed = 0; let inFlight = 0; let next = 0;
     const pump = () => {
       while (inFlight < 200 && next < Number(count)) {
         next++; inFlight++;
         const s = new WebSocket(url);
         sockets.push(s);
         s.on('open', () => { open++; inFlight--; done(); pump(); });
         s.on('error', () => { failed++; inFlight--; done(); pump(); });
       }
     };
     const done = () => { if (open + failed === Number(count)) process.send({ open, failed }); };
     process.on('message', () => { for (const s of sockets) s.terminate(); setTimeout(() => process.exit(0), 200); });
     setTimeout(() => process.exit(1), 120000).unref();
     pump();`,
  );
  const child = fork(script, [url, String(count)], { stdio: 'ignore' });
  const ready = new Promise<{ open: number; failed: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { open: number; failed: number }));
    child.once('exit', (code) => reject(new Error(`socket clients exited with ${code}`)));
  });
  return {
    ready,
    close: async () => {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A full collection before a memory reading (`--expose-gc` is switched on here if it was not given). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const settle = async () => {
  const gc = collector();
  gc();
  await new Promise((resolve) => setTimeout(resolve, 500));
  gc();
};

/** PostgreSQL figures too, when the server is reachable (the embedded database is the default). */
async function postgresFigures(): Promise<Record<string, unknown>> {
  if (await postgresSkipReason()) return { skipped: 'PostgreSQL not reachable' };
  const scratch = await createScratchPostgres();
  try {
    return await measureServer({ DATABASE_URL: scratch.url }, false);
  } finally {
    await scratch.drop();
  }
}

export async function apiBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-api-'));
  try {
    const embedded = await measureServer({ FRONTDESK_DATA_DIR: dir }, true);
    const postgres = await postgresFigures();
    return { embedded, postgres };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureServer(
  env: Record<string, string>,
  streams: boolean,
): Promise<Record<string, unknown>> {
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    FRONTDESK_RATE_LIMIT: '100000000',
    FRONTDESK_RATE_LIMIT_IP: '100000000',
  });
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  const built = appDepsFromRuntime(runtime, { heartbeatMs: 60_000 });
  const app = buildApp(built.deps);
  const bare = Fastify();
  bare.get('/bare', () => ({ ok: true }));
  // A bare route that makes one round trip to the same database: the least any read of stored data costs
  // here, so what the API adds on top (authentication, limits, headers, validation, metrics) shows apart.
  bare.get('/bare-query', async () => {
    const { rows } = await runtime.db.pool.query({ name: 'bench_bare_query', text: 'SELECT 1 AS one' });
    return rows[0] as unknown;
  });
  bare.post('/bare', (request) => ({ ok: true, got: request.body }));
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
    const tokens = built.deps.security.tokens;
    const bearer = `Bearer ${(await tokens.mint({ role: 'customer', sub: 'cus_01', tenant: config.tenantId })).token}`;
    const headers = { authorization: bearer, 'content-type': 'application/json' };
    const started = await runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });

    // Reading: one conversation with its messages, requests and approval, against a bare GET.
    await cannon({ url: `${bareBase}/bare`, duration: 1 });
    const bareGet = await cannon({ url: `${bareBase}/bare`, duration: DURATION_S });
    // Both routes get the same warm-up, so the ratio compares compiled code with compiled code.
    await cannon({ url: `${bareBase}/bare-query`, duration: 1 });
    const bareQuery = await cannon({ url: `${bareBase}/bare-query`, duration: DURATION_S });
    const readOptions = { url: `${base}/v1/conversations/${started.threadId}`, headers };
    await cannon({ ...readOptions, duration: 1 });
    const read = await cannon({ ...readOptions, duration: DURATION_S });

    // Posting: a new conversation per request, each run continuing in the background, against a bare POST.
    const body = JSON.stringify({ text: 'How do I reset my password?' });
    const barePost = await cannon({
      url: `${bareBase}/bare`,
      method: 'POST',
      headers,
      body,
      duration: DURATION_S,
    });
    const post = await cannon({
      url: `${base}/v1/conversations`,
      method: 'POST',
      headers,
      body,
      amount: POSTS,
    });
    const drainStarted = performance.now();
    await runtime.tasks.drain(300_000);
    const drainSeconds = (performance.now() - drainStarted) / 1000;

    const http = {
      read: {
        ...read,
        ratioToBare: round(read.rps / bareGet.rps, 3),
        ratioToBareQuery: round(read.rps / bareQuery.rps, 3),
      },
      bareGet,
      bareQuery,
      post: {
        ...post,
        ratioToBare: round(post.rps / barePost.rps, 3),
        backgroundDrainSeconds: round(drainSeconds, 1),
      },
      barePost,
    };
    console.log(`API benchmark on ${runtime.db.kind} (local engine, autocannon, ${CONNECTIONS} connections)`);
    console.log('| what | req/s | p50 ms | p99 ms | ratio to bare |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(`| bare GET | ${bareGet.rps} | ${bareGet.p50} | ${bareGet.p99} | 1 |`);
    console.log(
      `| bare GET + one query | ${bareQuery.rps} | ${bareQuery.p50} | ${bareQuery.p99} | ${round(bareQuery.rps / bareGet.rps, 3)} |`,
    );
    console.log(
      `| GET conversation | ${read.rps} | ${read.p50} | ${read.p99} | ${http.read.ratioToBare} (${http.read.ratioToBareQuery} of bare GET + one query) |`,
    );
    console.log(`| bare POST | ${barePost.rps} | ${barePost.p50} | ${barePost.p99} | 1 |`);
    console.log(
      `| POST conversation (${POSTS}) | ${post.rps} | ${post.p50} | ${post.p99} | ${http.post.ratioToBare} |`,
    );
    console.log(`background runs of the posted messages drained in ${http.post.backgroundDrainSeconds} s`);
    if (!streams) return http;

    // Time from POST to the first event on a WebSocket already watching the thread.
    const firstEvent: number[] = [];
    for (let i = 0; i < FIRST_EVENT_SAMPLES; i++) {
      const { threadId } = await runtime.desk
        .ask({ customerId: 'cus_02', text: 'Thanks!' })
        .catch(() => runtime.desk.ask({ customerId: 'cus_03', text: 'How do I reset my password?' }));
      const socket = new WebSocket(`${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws`, {
        headers: {
          authorization: `Bearer ${(await tokens.mint({ role: 'admin', sub: 'root', tenant: config.tenantId })).token}`,
        },
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      // Let the catch-up of the thread's history arrive first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const first = new Promise<number>((resolve) =>
        socket.once('message', () => resolve(performance.now())),
      );
      const t0 = performance.now();
      await fetch(`${base}/v1/conversations/${threadId}/messages`, {
        method: 'POST',
        headers: {
          ...headers,
          authorization: `Bearer ${(await tokens.mint({ role: 'agent', sub: 'sam', tenant: config.tenantId })).token}`,
        },
        body: JSON.stringify({ text: 'Thank you!' }),
      });
      firstEvent.push((await first) - t0);
      socket.close();
      await runtime.tasks.drain(60_000);
    }
    firstEvent.sort((a, b) => a - b);

    // Memory of idle WebSocket connections, measured in this (the server's) process.
    await settle();
    const before = process.memoryUsage();
    const wsUrl = `${base.replace('http', 'ws')}/v1/conversations/${started.threadId}/ws?access_token=${bearer.slice(7)}`;
    const clients = openIdleSockets(wsUrl, IDLE_SOCKETS);
    const opened = await clients.ready;
    await settle();
    const after = process.memoryUsage();
    const connections = app.metrics.streamConnections;
    const gauge =
      (await connections.get()).values.find((v) => v.labels.transport === 'websocket')?.value ?? 0;
    await clients.close();

    const external = (after.external - before.external) / 2 ** 20;
    const heap = (after.heapUsed - before.heapUsed) / 2 ** 20;
    const figures = {
      ...http,
      postToFirstEventMs: {
        n: firstEvent.length,
        p50: round(percentile(firstEvent, 50)),
        p99: round(percentile(firstEvent, 99)),
      },
      idleWebSockets: {
        requested: IDLE_SOCKETS,
        open: opened.open,
        failed: opened.failed,
        serverCounted: gauge,
        heapMiB: round(heap, 1),
        externalMiB: round(external, 1),
        // RSS also moves with what the collector hands back from earlier phases, so it is only indicative.
        rssMiB: round((after.rss - before.rss) / 2 ** 20, 1),
        kiBPerConnection: round(((heap + external) * 1024) / Math.max(1, opened.open), 2),
      },
    };
    console.log(
      `POST → first streamed event: p50 ${figures.postToFirstEventMs.p50} ms, p99 ${figures.postToFirstEventMs.p99} ms (n=${firstEvent.length})`,
    );
    console.log(
      `${opened.open} idle WebSockets (${opened.failed} failed, server counts ${gauge}): +${figures.idleWebSockets.heapMiB} MiB heap, +${figures.idleWebSockets.externalMiB} MiB external, ${figures.idleWebSockets.kiBPerConnection} KiB each (RSS ${figures.idleWebSockets.rssMiB} MiB)`,
    );
    return figures;
  } finally {
    await app.close();
    await bare.close();
    await built.close();
    await runtime.close();
  }
}
