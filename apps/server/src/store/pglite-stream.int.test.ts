// The embedded database's in-process wire: `pg` over PGlite behaves like `pg` over a server's socket — one
// session per client (a new client prepares the same names again, an abandoned transaction rolls back),
// errors answered without losing the session, callers queued one at a time, statements run off the main
// thread, and close() releases the files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolDatabase } from './database.js';
import { openEmbedded } from './embedded.js';

describe('embedded database over the in-process stream', () => {
  let dir: string;
  let db: PoolDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-pglite-stream-'));
    db = await openEmbedded(dir);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ends the pool's client the way `pg-pool` does after an idle timeout or an error. */
  const dropClient = async () => (await db.pool.connect()).release(true);

  it('types values as pg does over a socket', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT $1::int AS n, 2::bigint AS big, now() AS at, '{"a":1}'::jsonb AS doc, ARRAY[1,2] AS list, NULL AS nothing`,
      [7],
    );
    expect(row).toMatchObject({ n: 7, big: '2', doc: { a: 1 }, list: [1, 2], nothing: null });
    expect(row!.at).toBeInstanceOf(Date);
  });

  it('gives a new client a clean session: the same statement names prepare again', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    expect(await db.query(sql, [1])).toEqual([{ n: 2 }]);
    await dropClient();
    expect(await db.query(sql, [2])).toEqual([{ n: 3 }]);
    const names = await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
    expect(names).toEqual([{ name: db.statements.config(sql, [2]).name }]);
  });

  it('rolls back the transaction a departed client left open', async () => {
    await db.query('CREATE TABLE stream_left (id int)');
    const client = await db.pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO stream_left VALUES (1)');
    client.release(true);
    expect(await db.query('SELECT count(*)::int AS n FROM stream_left')).toEqual([{ n: 0 }]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('answers an error and keeps the session', async () => {
    await expect(db.query('SELECT $1::int / 0 AS n', [1])).rejects.toMatchObject({ code: '22012' });
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await tx.query('SELECT $1::int / 0', [1]);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await db.query('SELECT $1::int AS n', [5])).toEqual([{ n: 5 }]);
  });

  it('lets the event loop turn between statements, as a socket does', async () => {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    for (let i = 0; i < 50; i++) await db.query('SELECT $1::int AS n', [i]);
    running = false;
    // Without a turn per statement the chain resolves in microtasks and nothing else runs meanwhile.
    expect(turns).toBeGreaterThanOrEqual(50);
  });

  it('queues concurrent callers so transactions never interleave', async () => {
    await db.query('CREATE TABLE stream_counter (n int)');
    await db.query('INSERT INTO stream_counter VALUES (0)');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM stream_counter');
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query('UPDATE stream_counter SET n = $1', [row!.n + 1]);
        }),
      ),
    );
    expect(await db.query('SELECT n FROM stream_counter')).toEqual([{ n: 20 }]);
  });

  it('runs statements on their own thread: the event loop keeps turning during a long one', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const started = performance.now();
      await db.query('SELECT count(*) FROM generate_series(1, 2000000)');
      const ranMs = performance.now() - started;
      // On the main thread, the statement's whole run passed without one timer firing.
      expect(ranMs).toBeGreaterThan(50);
      expect(ticks).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(timer);
    }
  });

  it('answers statements posted together, a long one first, each with its own rows', async () => {
    const slow = db.query<{ n: string }>('SELECT count(*) AS n FROM generate_series(1, 500000)');
    const quick = Array.from({ length: 20 }, (_, i) => db.query<{ i: number }>('SELECT $1::int AS i', [i]));
    expect(await slow).toEqual([{ n: '500000' }]);
    expect(await Promise.all(quick)).toEqual(Array.from({ length: 20 }, (_, i) => [{ i }]));
  });

  it('releases the data directory on close, so it opens again', async () => {
    await db.query('CREATE TABLE stream_kept (v text)');
    await db.query('INSERT INTO stream_kept VALUES ($1)', ['kept']);
    await expect(openEmbedded(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await db.close();
    db = await openEmbedded(dir);
    expect(await db.query('SELECT v FROM stream_kept')).toEqual([{ v: 'kept' }]);
  });

  it('keeps pages in a cache of the size asked for, 128 MB for a small database', async () => {
    const setting = async () =>
      (await db.query<{ shared_buffers: string }>('SHOW shared_buffers'))[0]?.shared_buffers;
    expect(db.cacheMb).toBe(128);
    expect(await setting()).toBe('128MB');
    await db.close();
    db = await openEmbedded(dir, { cacheMb: 48 });
    expect(await setting()).toBe('48MB');
  });
});
