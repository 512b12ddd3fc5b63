// The embedded database's thread: it owns the PGlite instance and answers the main thread's requests
// (pglite-thread.ts), one after another in the order they came, so a close never overtakes a statement.
// Statements run here, in WebAssembly, while the main thread goes on with the desk's own work and its HTTP
// requests; one long statement (an ANALYZE, a report) no longer holds up everything else in the process.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { endSession, exchange } from './pglite-session.js';
import {
  REQUESTS,
  type ThreadChannels,
  type ThreadReply,
  type ThreadRequest,
  type ThreadStart,
} from './pglite-thread.js';

const { dataDir, cacheMb, wasmModule, requests, signal } = workerData as ThreadStart & ThreadChannels;
/** Replies go back on the worker's own port: the main thread hears them as messages on its event loop. */
const replies = parentPort!;

/**
 * How long the database's thread watches for the next request before it sleeps. The next statement of a
 * chain usually comes within it; longer, the thread spends more CPU idling after each statement.
 */
const SPIN_MS = 0.2;

/** Watches `signal[slot]` until it differs from `seen`, for at most `ms`; true when it did. */
function spinWhile(signal: Int32Array, slot: number, seen: number, ms: number): boolean {
  const until = performance.now() + ms;
  while (Atomics.load(signal, slot) === seen) if (performance.now() >= until) return false;
  return true;
}

async function open(): Promise<PGlite> {
  const pglite = await PGlite.create({
    dataDir,
    ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}),
    extensions: { vector },
    postgresqlconf: [`shared_buffers = ${cacheMb}MB`],
  });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return pglite;
}

const opening = open();
// Reported to the main thread by the 'open' request it sends first, not as an unhandled rejection.
opening.catch(() => undefined);

async function serve(request: ThreadRequest): Promise<Uint8Array | undefined> {
  const pglite = await opening;
  switch (request.kind) {
    case 'open':
      return undefined;
    case 'exchange':
      return exchange(pglite, request.message);
    case 'end-session':
      await endSession(pglite);
      return undefined;
    case 'close':
      await pglite.close();
      return undefined;
  }
}

/** An error as plain data: its message, and its code when it has one (PGlite's are PostgreSQL's). */
function describe(error: unknown): { message: string; code?: string } {
  const { message, code } = error as { message?: unknown; code?: unknown };
  return {
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * Takes requests as they are posted. With none waiting, the thread watches the request counter for a moment
 * (the next statement of a chain is usually on its way), then sleeps on it: while a statement runs (`await`),
 * the thread's event loop turns as usual, so PGlite's own file work goes on.
 */
async function serveForever(): Promise<void> {
  for (;;) {
    const posted = Atomics.load(signal, REQUESTS);
    const next = receiveMessageOnPort(requests);
    if (!next) {
      if (!spinWhile(signal, REQUESTS, posted, SPIN_MS)) Atomics.wait(signal, REQUESTS, posted);
      continue;
    }
    const request = next.message as ThreadRequest;
    try {
      const answer = await serve(request);
      // The replies' memory is handed over, not copied: it is this answer's own (see exchange).
      const transfer = answer ? [answer.buffer as ArrayBuffer] : [];
      replies.postMessage({ id: request.id, ok: true, data: answer } satisfies ThreadReply, transfer);
    } catch (error) {
      replies.postMessage({ id: request.id, ok: false, error: describe(error) } satisfies ThreadReply);
    }
    if (request.kind === 'close') return;
  }
}

void serveForever();
