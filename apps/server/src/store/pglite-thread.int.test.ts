// The embedded database's thread seen from the main thread: it answers the wire protocol's bytes, and a
// thread that stops fails the statement on its way and every later one at once, with the store's 503 code,
// instead of leaving callers waiting for a reply that cannot come.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFromTemplate } from './embedded-template.js';
import { simpleQueryMessage as simpleQuery } from './pglite-session.js';
import { PGliteThread } from './pglite-thread.js';

/** The type letters of the messages in a reply, in order. */
function messageTypes(reply: Uint8Array): string {
  const bytes = Buffer.from(reply);
  let types = '';
  for (let at = 0; at < bytes.length; at += 1 + bytes.readInt32BE(at + 1))
    types += String.fromCharCode(bytes[at]!);
  return types;
}

describe('the embedded database thread', () => {
  let dir: string;
  let thread: PGliteThread | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-pglite-thread-'));
    await seedFromTemplate(join(dir, 'pglite'));
    thread = await PGliteThread.start({ dataDir: join(dir, 'pglite'), cacheMb: 16 });
  });
  afterEach(async () => {
    await thread?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a batch of protocol messages with the replies a server would send', async () => {
    const reply = await thread!.exchange(simpleQuery('SELECT 41 + 1 AS answer'));
    // RowDescription, DataRow, CommandComplete, ReadyForQuery.
    expect(messageTypes(reply)).toBe('TDCZ');
    expect(Buffer.from(reply).includes('42')).toBe(true);
  });

  it('fails the statement on its way and every later one with STORE_UNAVAILABLE when the thread stops', async () => {
    const running = thread!.exchange(simpleQuery('SELECT count(*) FROM generate_series(1, 50000000)'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // What a crash of the thread looks like from here (an abort in WebAssembly, say).
    await (thread as unknown as { worker: Worker }).worker.terminate();
    await expect(running).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(thread!.exchange(simpleQuery('SELECT 1'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('stopped') as unknown,
    });
    expect(thread!.closed).toBe(true);
  });
});
