// Embedded adapter: PGlite (PostgreSQL compiled to WebAssembly) with pgvector, its files under the data
// directory, served on a loopback socket so the ordinary `pg` driver and PostgresSaver work unchanged.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { PoolDatabase } from './database.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { seedFromTemplate } from './embedded-template.js';

export async function openEmbedded(dataDir: string): Promise<PoolDatabase> {
  mkdirSync(dataDir, { recursive: true });
  // PGlite is single-process: two processes on one directory would corrupt it, so refuse clearly instead.
  const lock = acquireDataDirLock(dataDir);
  try {
    const pgliteDir = join(dataDir, 'pglite');
    await seedFromTemplate(pgliteDir);
    const db = await PGlite.create({ dataDir: pgliteDir, extensions: { vector } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    // PGlite has one session: a pool of one keeps each transaction on its own, and callers queue.
    const pool = new pg.Pool({
      host,
      port: Number(port),
      user: 'postgres',
      database: 'postgres',
      max: 1,
      // PGlite has one session for every connection: a client that replaces one the socket dropped (PGlite's
      // socket ends the connection of a failed statement) meets the statements its predecessor prepared, and
      // preparing one again would fail. The new client starts from none, as it believes (awaited before the
      // pool hands the client out: pg-pool awaits the promise, though its types say void).
      onConnect: ((client: pg.ClientBase) => client.query('DEALLOCATE ALL')) as unknown as (
        client: pg.ClientBase,
      ) => void,
    });
    pool.on('error', () => undefined);
    const database = new PoolDatabase('embedded', pool, async () => {
      await server.stop();
      await db.close();
      lock.release();
    });
    database.hasVector = true;
    return database;
  } catch (error) {
    lock.release();
    throw error;
  }
}
