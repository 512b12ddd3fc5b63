// Test support for suites on NATS: whether TEST_NATS_URL's server answers (JetStream on), random prefixes
// with their streams removed afterwards, and a private `nats-server -js` on a free port that a test may kill
// and restart. Outside CI a missing server skips with a printed reason; in CI it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { inCi } from './databases.js';

export const testNatsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const natsServerBinary = process.env.TEST_NATS_SERVER ?? '/usr/sbin/nats-server';

export async function natsSkipReason(url = testNatsUrl): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: url, timeout: 2_000, reconnect: false });
    try {
      await jetstreamManager(nc);
    } finally {
      await nc.close();
    }
    return undefined;
  } catch {
    if (inCi) throw new Error(`NATS JetStream is not reachable at ${url}, and CI runs every suite.`);
    const reason = `NATS JetStream is not reachable at ${url} (set TEST_NATS_URL)`;
    console.warn(`[skip] NATS suites: ${reason}`);
    return reason;
  }
}

/** A prefix no other suite uses: `fdtest-<label>-<random>`. */
export const randomEventsPrefix = (label: string) => `fdt-${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every stream whose name starts with the prefix's stream form. */
export async function deleteStreams(prefix: string, url = testNatsUrl): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    const head = `${prefix.toUpperCase().replaceAll('-', '_')}_`;
    for await (const name of jsm.streams.names()) if (name.startsWith(head)) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A private JetStream server with its own store directory; `stop()` kills it, `start()` brings it back. */
export class PrivateNatsServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'fd-nats-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      natsServerBinary,
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
      if ((await natsReachable(this.url)) === true) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`nats-server did not answer on ${this.url} within 10 s`);
  }

  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

async function natsReachable(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 500, reconnect: false });
    try {
      await jetstreamManager(nc);
    } finally {
      await nc.close();
    }
    return true;
  } catch {
    return false;
  }
}
