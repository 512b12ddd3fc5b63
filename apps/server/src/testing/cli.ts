// Test support: runs the real `frontdesk` command in a child process, as a user would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const frontdeskBin = fileURLToPath(new URL('../../../../bin/frontdesk.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * This process's environment without CI's brokers: a child desk runs its tasks on the database's own lease
 * table (whose take-over of a killed process these tests prove), unless a test names a broker itself.
 */
export function withoutBrokers(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const { REDIS_URL: _redis, NATS_URL: _nats, ...rest } = env;
  return rest;
}

const childEnv = (env: Record<string, string>) => ({
  ...withoutBrokers(process.env),
  LOG_LEVEL: 'warn',
  ...env,
});

export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [frontdeskBin, ...args],
      { env: childEnv(env), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command with --json and parses its one JSON document. */
export async function runCliJson<T = Record<string, unknown>>(args: string[], env: Record<string, string>) {
  const run = await runCli([...args, '--json'], env);
  let json: T;
  try {
    json = JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `frontdesk ${args.join(' ')} printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`,
    );
  }
  return { ...run, json };
}

/** Starts the command and resolves once its stderr contains `marker`, leaving the process running. */
export function startCliUntil(
  args: string[],
  env: Record<string, string>,
  marker: string,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [frontdeskBin, ...args], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out waiting for "${marker}":\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(marker)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${marker}":\n${stderr}`));
    });
  });
}

/** A long-running `frontdesk` command: its output so far, a wait for a line of it, and a way to stop it. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  /** Resolves once the output contains `marker`; rejects if the process exits first or time runs out. */
  waitFor(marker: string, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (SIGTERM: shut down; SIGKILL: a crash) and resolves once it has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [frontdeskBin, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    waitFor: async (marker, timeoutMs = 90_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(marker)) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`frontdesk ${args.join(' ')} exited before "${marker}":\n${output}`);
        }
        if (Date.now() > deadline) throw new Error(`no "${marker}" within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
