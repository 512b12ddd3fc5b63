// The command line as a user feels it: wall time of `--version` and `--help`, of `customers list` opening the
// embedded database itself (direct) and going through a running desk (API), and of the first `npm start` on
// fresh data to its readiness check (the web app already built by `npm install`).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, round } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'frontdesk.js');
const RUNS = 3;

function run(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env } },
      (error) =>
        error
          ? reject(new Error(`frontdesk ${args.join(' ')}: ${error.message}`))
          : resolve(performance.now() - started),
    );
  });
}

/** Median wall time in seconds of `RUNS` runs after one unmeasured run (tsx's transform cache warm). */
async function wall(args: string[], env: Record<string, string> = {}): Promise<number> {
  await run(args, env);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run(args, env));
  return round(
    percentile(
      times.sort((a, b) => a - b),
      50,
    ) / 1000,
    3,
  );
}

export async function cliBench(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-cli-'));
  const env = { FRONTDESK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  try {
    const version = await wall(['--version']);
    const help = await wall(['--help']);
    const commandHelp = await wall(['customers', '--help']);
    // The first start on fresh data: migrations, demo store and the intent model trained from it.
    const started = performance.now();
    const desk = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const note = join(dataDir, 'desk.json');
    let url: string | undefined;
    while (url === undefined) {
      if (existsSync(note)) {
        const candidate = (JSON.parse(readFileSync(note, 'utf8')) as { url: string }).url;
        if ((await fetch(`${candidate}/health/ready`).catch(() => undefined))?.ok) url = candidate;
      }
      if (desk.exitCode !== null) throw new Error('npm start exited before it was ready');
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const firstStart = round((performance.now() - started) / 1000, 2);
    const listApi = await wall(['customers', 'list'], env);
    desk.kill('SIGTERM');
    await once(desk, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const listDirect = await wall(['customers', 'list'], env);
    const figures = {
      runs: RUNS,
      versionSeconds: version,
      helpSeconds: help,
      commandHelpSeconds: commandHelp,
      customersListApiSeconds: listApi,
      customersListDirectSeconds: listDirect,
      firstStartToReadySeconds: firstStart,
    };
    console.table(figures);
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
