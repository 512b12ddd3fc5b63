// `frontdesk start` (API and worker in one process, the embedded default), `serve` (the API: accepts,
// enqueues and streams, never runs a graph) and `worker` (runs graph runs, background tasks, approval
// deadlines and the outbox relay). A worker taken down mid-run has its runs taken over by the task queue.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { DeskResult } from '../runs/index.js';
import { announceDesk } from './desk-file.js';
import { emit } from './output.js';

/** Runs what is queued now (unfinished requests after a crash included) and describes what settled. */
async function workOnce(runtime: Runtime): Promise<DeskResult[]> {
  const settled = new Set<string>();
  const stop = runtime.desk.onProgress((progress) => {
    if (progress.type === 'run.settled') settled.add(progress.requestId);
  });
  try {
    await runtime.startWork();
    await runtime.tasks.drain(120_000);
  } finally {
    stop();
  }
  await runtime.relay.flush();
  return Promise.all([...settled].map((requestId) => runtime.desk.settled(requestId, 1000)));
}

/**
 * Starts tracing when an OTLP endpoint is configured, then loads the runtime and the API. The order matters:
 * the SDK patches http, pg and ioredis as they are first loaded, so they must not be loaded before it.
 */
async function openProcess(config: Config) {
  const tracing = config.tracing
    ? (await import('../observability/otel.js')).startTracing(config.tracing)
    : undefined;
  const [{ createRuntime }, http] = await Promise.all([import('../runtime.js'), import('../http/index.js')]);
  return { createRuntime, http, stopTracing: () => tracing?.shutdown() ?? Promise.resolve() };
}

function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: shutting down…\n`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

async function listen(options: { json?: boolean }, withWorker: boolean): Promise<void> {
  const config = loadConfig();
  const { createRuntime, http, stopTracing } = await openProcess(config);
  // The API process never runs a graph: it enqueues, and workers (or this process, with `start`) run.
  // The help centre syncs into the knowledge base after listening (readiness says when it is done): on fresh
  // data that is embedding every article, a third of the first start.
  const runtime = await createRuntime(config, { work: false, knowledgeSync: 'background' });
  // Taking back a crashed process's runs happens in the queue's own time: start-up never waits on them.
  const recovered = withWorker ? (await runtime.startWork()).scheduled : 0;
  if (!withWorker && runtime.db.kind === 'embedded') {
    // Only this process can open the embedded database, so no worker can run what it accepts.
    runtime.logger.warn(
      'serve never runs the graph, and no worker can open the embedded database beside it: use `frontdesk start`, or PostgreSQL (DATABASE_URL) with `frontdesk worker`',
    );
  }
  runtime.relay.start();
  const built = http.appDepsFromRuntime(runtime);
  const app = http.buildApp(built.deps);
  await app.listen({ port: config.port, host: config.host });
  // The email channel's SMTP port, when configured, opens with the API.
  await runtime.channels.hub.listen();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // CLI commands on the same embedded data go through this desk's API while it runs.
  const withdraw = runtime.db.kind === 'embedded' ? announceDesk(config.dataDir, url) : undefined;
  stopOnSignals(async () => {
    withdraw?.();
    // In-flight requests finish and streams close; runs finish or stop at a checkpoint; then the stores close.
    await app.close();
    await built.close();
    await runtime.close();
    await stopTracing();
  });
  const signIn = built.deps.security.devLogin
    ? [
        'Sign in (development sign-in is on; demo users: customers cus_01…cus_20, agent sam, approver ana, admin root):',
        `  curl -s -X POST ${url}/v1/auth/dev-token -H 'content-type: application/json' -d '{"role":"customer","sub":"cus_01"}'`,
        '  npx frontdesk token --role approver --sub ana',
      ]
    : ['Sign in with a token from your identity provider, or: npx frontdesk token --role ROLE --sub ID'];
  emit(
    options,
    {
      status: 'listening',
      url,
      docs: `${url}/docs`,
      portal: `${url}/`,
      dashboard: `${url}/admin`,
      database: runtime.db.kind,
      tenant: config.tenantId,
      recovered,
      devLogin: built.deps.security.devLogin,
    },
    () =>
      [
        `Frontdesk is listening on ${url}`,
        `  customer portal: ${url}/   support dashboard: ${url}/admin`,
        `  database: ${runtime.db.kind === 'embedded' ? `embedded, in ${config.dataDir}` : 'PostgreSQL'}`,
        `  tenant: ${config.tenantId}${recovered > 0 ? `, resuming ${recovered} unfinished request(s)` : ''}`,
        `  API docs: ${url}/docs   metrics: ${url}/metrics`,
        '',
        ...signIn,
        '',
        'Try the API from another terminal (the embedded database is open in this process, so use HTTP):',
        `  curl ${url}/health/ready`,
        '',
        'Press Ctrl+C to stop.',
      ].join('\n'),
  );
}

export function registerProcesses(program: Command): void {
  program
    .command('start')
    .description('Run the API and the worker in one process (the embedded default)')
    .option('--json', 'print one JSON document when ready')
    .action((options: { json?: boolean }) => listen(options, true));

  program
    .command('serve')
    .description('Run the API only')
    .option('--json', 'print one JSON document when ready')
    .action((options: { json?: boolean }) => listen(options, false));

  program
    .command('worker')
    .description('Run graph runs, background tasks, approval deadlines and the outbox relay')
    .option('--once', 'run what is queued now (unfinished requests included), then exit')
    .option(
      '--concurrency <n>',
      "tasks run at once in this worker (default: 2 with Redis, 1 on the database's own runner)",
    )
    .option('--json', 'print one JSON document')
    .action(async (options: { once?: boolean; json?: boolean; concurrency?: string }) => {
      const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
        throw new Error(`--concurrency must be a positive whole number, not ${options.concurrency}`);
      }
      const config = loadConfig();
      const { createRuntime, http, stopTracing } = await openProcess(config);
      const runtime = await createRuntime(config, {
        work: false,
        ...(concurrency ? { concurrency } : {}),
      });
      if (options.once) {
        try {
          const results = await workOnce(runtime);
          emit(options, { recovered: results }, () =>
            results.length === 0
              ? 'Nothing to resume.'
              : results.map((r) => `${r.requestId} on ${r.threadId}: ${r.status}`).join('\n'),
          );
        } finally {
          await runtime.close();
          await stopTracing();
        }
        return;
      }
      const { scheduled } = await runtime.startWork();
      runtime.relay.start();
      // No API here: a small listener serves /metrics and /healthz for Prometheus and the orchestrator.
      const operators = await http.listenForOperators(
        { desk: runtime.desk, db: runtime.db, tenantId: config.tenantId },
        { port: config.workerPort, host: config.host },
      );
      stopOnSignals(async () => {
        await operators.close();
        await runtime.close();
        await stopTracing();
      });
      emit(
        options,
        { status: 'working', database: runtime.db.kind, scheduled, metricsPort: operators.port },
        () => `Worker running (metrics and health on port ${operators.port}). Ctrl+C to stop.`,
      );
    });
}
