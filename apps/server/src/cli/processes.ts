// `frontdesk start` (API and worker in one process, the embedded default), `serve` (API only) and
// `worker` (resumes unfinished runs and relays events).
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { appDepsFromRuntime, buildApp } from '../http/index.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { announceDesk } from './desk-file.js';
import { emit } from './output.js';

const RECOVERY_INTERVAL_MS = 5_000;

/** One pass of the worker's duties: resume unfinished runs, re-escalate overdue approvals, relay events. */
async function recover(runtime: Runtime): Promise<number> {
  const results = await runtime.desk.recoverUnfinished();
  const overdue = await runtime.desk.reescalateOverdue(new Date(), runtime.config.approvalDeadlineHours);
  if (overdue.length > 0)
    runtime.logger.warn({ approvals: overdue.map((a) => a.id) }, 'approvals re-escalated');
  await runtime.relay.flush();
  return results.length;
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
  const runtime = await createRuntime(config);
  const recovered = withWorker ? await recover(runtime) : 0;
  runtime.relay.start();
  const timer = withWorker
    ? setInterval(() => {
        recover(runtime).catch((error: unknown) =>
          runtime.logger.error({ err: error }, 'worker pass failed'),
        );
      }, RECOVERY_INTERVAL_MS)
    : undefined;
  const built = appDepsFromRuntime(runtime);
  const app = buildApp(built.deps);
  await app.listen({ port: config.port, host: config.host });
  // The email channel's SMTP port, when configured, opens with the API.
  await runtime.channels.hub.listen();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // CLI commands on the same embedded data go through this desk's API while it runs.
  const withdraw = runtime.db.kind === 'embedded' ? announceDesk(config.dataDir, url) : undefined;
  stopOnSignals(async () => {
    clearInterval(timer);
    withdraw?.();
    // In-flight requests finish and streams close; background runs reach a checkpoint; then the stores close.
    await app.close();
    await built.close();
    await runtime.close();
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
        `  tenant: ${config.tenantId}${recovered > 0 ? `, resumed ${recovered} unfinished request(s)` : ''}`,
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
    .description('Resume unfinished runs and relay events; with --once, resume and exit')
    .option('--once', 'resume what is unfinished now, then exit')
    .option('--json', 'print one JSON document')
    .action(async (options: { once?: boolean; json?: boolean }) => {
      const runtime = await createRuntime(loadConfig());
      if (options.once) {
        try {
          const results = await runtime.desk.recoverUnfinished();
          await runtime.relay.flush();
          emit(options, { recovered: results }, () =>
            results.length === 0
              ? 'Nothing to resume.'
              : results.map((r) => `${r.requestId} on ${r.threadId}: ${r.status}`).join('\n'),
          );
        } finally {
          await runtime.close();
        }
        return;
      }
      runtime.relay.start();
      await recover(runtime);
      const timer = setInterval(() => {
        recover(runtime).catch((error: unknown) =>
          runtime.logger.error({ err: error }, 'recovery pass failed'),
        );
      }, RECOVERY_INTERVAL_MS);
      stopOnSignals(async () => {
        clearInterval(timer);
        await runtime.close();
      });
      emit(
        options,
        { status: 'working', database: runtime.db.kind },
        () => 'Worker running. Ctrl+C to stop.',
      );
    });
}
