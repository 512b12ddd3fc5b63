// The main thread's handle on the embedded database's thread (pglite-worker.ts). PGlite is PostgreSQL compiled
// to WebAssembly: on the main thread every statement stopped the event loop for as long as it ran, so HTTP
// requests, streams and the graph's own code waited behind it. On a thread of its own, a statement runs while
// the main thread goes on. What crosses is the wire protocol's bytes: a batch of messages in, its replies out.
//
// A hand-over wakes a sleeping thread, which on a small virtual machine took ~30 µs: a `SELECT 1` in a loop
// went from 21 µs (PGlite on the main thread) to 80. The database's thread therefore watches for the next
// request for a moment before it sleeps (pglite-worker.ts): 45-55 µs. The main thread never waits like that:
// made to watch for replies too (30 µs a `SELECT 1`), it served a third fewer conversation reads a second and
// answered a posted message 1.5 ms later, since it could do nothing else meanwhile.
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { DeskError } from '../errors.js';

/** The slot of the shared counter bumped after each request is posted. */
export const REQUESTS = 0;

/** What the thread opens, and how the two sides talk. */
export interface ThreadStart {
  dataDir: string;
  /** The page cache (shared_buffers) in MB. */
  cacheMb: number;
}
/** What the main thread hands the database's thread besides: the channels, and PGlite compiled. */
export interface ThreadChannels {
  /** PGlite's WebAssembly compiled (see compiledPGlite); the thread compiles its own when undefined. */
  wasmModule: WebAssembly.Module | undefined;
  /** Main to database thread: requests, read there with `receiveMessageOnPort`. */
  requests: MessagePort;
  /** Over a SharedArrayBuffer: the counter at REQUESTS. */
  signal: Int32Array;
}

type Ask =
  { kind: 'open' } | { kind: 'exchange'; message: Uint8Array } | { kind: 'end-session' } | { kind: 'close' };
export type ThreadRequest = { id: number } & Ask;
export type ThreadReply =
  | { id: number; ok: true; data?: Uint8Array }
  | { id: number; ok: false; error: { message: string; code?: string } };

let compiling: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process and shared with every database thread (a compiled module
 * crosses to a worker without being compiled again). PGlite keeps its compiled module per thread, so each new
 * thread compiled its own: about half a second of every open. Undefined when the file is not where this
 * version of PGlite keeps it (next to its entry); the thread then compiles it as PGlite always does.
 */
function compiledPGlite(): Promise<WebAssembly.Module | undefined> {
  compiling ??= (async () => {
    try {
      const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
      return await WebAssembly.compile(await readFile(join(dirname(entry), 'pglite.wasm')));
    } catch {
      return undefined;
    }
  })();
  return compiling;
}

interface Pending {
  resolve: (data: Uint8Array | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * The worker. The sources run as TypeScript through tsx (the `frontdesk` command, tests, benchmarks), and a
 * worker does not inherit the loader the main thread registered: it registers tsx itself, then loads its entry.
 */
function spawn(start: ThreadStart, channels: ThreadChannels): Worker {
  const own = fileURLToPath(import.meta.url);
  const entry = new URL(`./pglite-worker${extname(own)}`, import.meta.url);
  const options = {
    workerData: { ...start, ...channels },
    transferList: [channels.requests],
  };
  if (extname(own) !== '.ts') return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)})
    .then((api) => (api.register ?? api.default.register)())
    .then(() => import(${JSON.stringify(entry.href)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export class PGliteThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Why the thread can no longer answer (it failed or stopped); every later call fails with it. */
  private gone: Error | undefined;
  private closing: Promise<void> | undefined;

  /** Starts the thread and opens the database in it; fails as opening it would. */
  static async start(start: ThreadStart): Promise<PGliteThread> {
    const requests = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const wasmModule = await compiledPGlite();
    const worker = spawn(start, { wasmModule, requests: requests.port2, signal });
    const thread = new PGliteThread(worker, requests.port1, signal);
    try {
      await thread.call({ kind: 'open' });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return thread;
  }

  private constructor(
    private readonly worker: Worker,
    private readonly requests: MessagePort,
    private readonly signal: Int32Array,
  ) {
    // An idle database keeps no process alive; one with a statement on the way does (see call).
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(`failed: ${error.message}`, error));
    worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
  }

  get closed(): boolean {
    return this.closing !== undefined || this.gone !== undefined;
  }

  /** Runs a batch of protocol messages; resolves with the replies (empty when there are none). */
  async exchange(message: Uint8Array): Promise<Uint8Array> {
    return (await this.call({ kind: 'exchange', message })) ?? new Uint8Array(0);
  }

  /** Ends the session's transaction and prepared statements (a client went away). */
  async endSession(): Promise<void> {
    if (this.closed) return;
    await this.call({ kind: 'end-session' });
  }

  /** Closes the database (its files are then released) and stops the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.gone) await this.call({ kind: 'close' });
      } finally {
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private call(ask: Ask): Promise<Uint8Array | undefined> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      if (ask.kind === 'exchange') {
        // The batch goes as a copy of its own bytes, handed over rather than cloned: a Buffer may be a view
        // of Node's shared pool, which a clone would copy whole.
        const message = new Uint8Array(ask.message);
        this.requests.postMessage({ id, ...ask, message } satisfies ThreadRequest, [message.buffer]);
      } else {
        this.requests.postMessage({ id, ...ask } satisfies ThreadRequest);
      }
      Atomics.add(this.signal, REQUESTS, 1);
      Atomics.notify(this.signal, REQUESTS);
    });
  }

  private settle(reply: ThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.forget(reply.id);
    if (reply.ok) waiting.resolve(reply.data);
    else waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  }

  /**
   * The thread failed or stopped: every statement on its way and every later one fails at once, as a lost
   * server connection would (503 on the API), rather than waiting for a reply that cannot come.
   */
  private fail(what: string, cause?: Error): void {
    this.gone ??= new DeskError(
      'STORE_UNAVAILABLE',
      `The embedded database's thread ${what}`,
      {},
      cause ? { cause } : undefined,
    );
    for (const [id, waiting] of this.pending) {
      this.forget(id);
      waiting.reject(this.gone);
    }
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}
