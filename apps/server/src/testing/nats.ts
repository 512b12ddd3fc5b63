// Test support for suites on NATS: whether TEST_NATS_URL's server answers (JetStream on), random prefixes
// with their streams removed afterwards, and a private `nats-server -js` on a free port that a test may kill
// and restart. Outside CI a missing server skips with a printed reason; in CI it fails.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { inCi } from './databases.js';
import { ServerProcess } from './private-server.js';

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

/** A private JetStream server with its own store directory; `kill()` kills it, `start()` brings it back. */
export class PrivateNatsServer {
  private readonly server: ServerProcess;
  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {
    this.server = new ServerProcess(
      'nats-server',
      () => ({
        binary: natsServerBinary,
        args: ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
      }),
      () => natsReachable(this.url),
    );
  }

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'fd-nats-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to be gone. */
  kill(): Promise<void> {
    return this.server.kill();
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
