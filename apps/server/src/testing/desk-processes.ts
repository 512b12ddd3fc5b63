// Test and benchmark support: real `frontdesk start | serve | worker` processes of one deployment, as an
// operator runs them. Each is ready once it prints its one JSON document; its log (stderr) is kept to read.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { frontdeskBin } from './cli.js';

export type DeskRole = 'start' | 'serve' | 'worker';

export interface DeskProcess {
  readonly role: DeskRole;
  readonly child: ChildProcess;
  /** The API's base URL (`start` and `serve`). */
  readonly url: string | undefined;
  /** Everything the process logged so far. */
  log(): string;
  /** Sends the signal and waits for the process to exit (at once when it already has). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts one process with exactly `env` over this environment's PATH and HOME (no broker is inherited: the
 * caller names each one), and resolves once it is ready, or rejects with its log.
 */
export function startDeskProcess(
  role: DeskRole,
  env: Record<string, string>,
  args: string[] = [],
  readyWithinMs = 120_000,
): Promise<DeskProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [frontdeskBin, role, '--json', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'warn',
        PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const described: DeskProcess = {
      role,
      child,
      url: undefined,
      log: () => stderr,
      stop: async (signal = 'SIGTERM') => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill(signal);
        await exited;
      },
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`frontdesk ${role} was not ready within ${readyWithinMs} ms:\n${stderr}`));
    }, readyWithinMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      let ready: { url?: string };
      try {
        ready = JSON.parse(stdout) as { url?: string };
      } catch {
        return; // not all of it yet
      }
      clearTimeout(timer);
      resolve({ ...described, url: ready.url });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`frontdesk ${role} exited with ${code} before it was ready:\n${stderr}`));
    });
  });
}

/** A signed token from a desk with development sign-in on. */
export async function devToken(url: string, role: string, sub: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, sub }),
  });
  if (!response.ok) throw new Error(`dev-token for ${role} ${sub}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
