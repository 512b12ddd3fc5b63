// Embedded adapter: PGlite (PostgreSQL compiled to WebAssembly) with pgvector, its files under the data
// directory, running on a thread of its own and reached through the ordinary `pg` driver over an in-process
// stream, so repositories and PostgresSaver work unchanged.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PoolDatabase } from './database.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { embeddedCacheMb } from './embedded-cache.js';
import { seedFromTemplate } from './embedded-template.js';
import { PGliteStream } from './pglite-stream.js';
import { PGliteThread } from './pglite-thread.js';
import { storeTypes } from './type-parsers.js';

export async function openEmbedded(
  dataDir: string,
  options: { cacheMb?: number } = {},
): Promise<PoolDatabase> {
  mkdirSync(dataDir, { recursive: true });
  // PGlite is single-process: two processes on one directory would corrupt it, so refuse clearly instead.
  const lock = acquireDataDirLock(dataDir);
  try {
    const pgliteDir = join(dataDir, 'pglite');
    await seedFromTemplate(pgliteDir);
    const cacheMb = embeddedCacheMb(pgliteDir, options.cacheMb);
    // PGlite (with pgvector) runs on a thread of its own: statements no longer stop the event loop.
    const db = await PGliteThread.start({ dataDir: pgliteDir, cacheMb });
    // PGlite has one session: a pool of one keeps each transaction on its own, and callers queue.
    const pool = new pg.Pool({
      stream: () => new PGliteStream(db),
      user: 'postgres',
      database: 'postgres',
      max: 1,
      types: storeTypes,
    });
    pool.on('error', () => undefined);
    const database = new PoolDatabase('embedded', pool, async () => {
      await db.close();
      lock.release();
    });
    database.hasVector = true;
    database.cacheMb = cacheMb;
    return database;
  } catch (error) {
    lock.release();
    throw error;
  }
}
