// Prepared statements on both databases: a statement with parameters is prepared once per connection and
// reused; a plan that a schema change made stale falls back to running unprepared instead of failing for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { PoolDatabase } from './database.js';
import { StatementNames } from './statements.js';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`prepared statements on ${target.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await target.open();
    });
    afterAll(async () => {
      await t?.dispose();
    });

    /** Names prepared on the session that answers (the embedded database has one; the test pool, one too). */
    const prepared = async (db: { query: PoolDatabase['query'] }) =>
      (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).map((row) => row.name);

    it('prepares a statement with parameters once and reuses it; one without parameters is not prepared', async () => {
      const db = new PoolDatabase(t.db.kind, t.db.pool, undefined, { preparedStatements: true });
      for (let i = 0; i < 3; i++)
        expect(await db.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])).toEqual([{ n: i + 1 }]);
      await db.query('SELECT 42 AS plain');
      const names = (await prepared(db)).filter((name) => name.startsWith('fd_'));
      const config = db.statements.config('SELECT $1::int + 1 AS n', [1]);
      expect(config.name).toMatch(/^fd_/);
      expect(names).toContain(config.name);
      expect(db.statements.config('SELECT 42 AS plain', []).name).toBeUndefined();
    });

    it('runs its prepared statements again after a statement failed', async () => {
      const sql = 'SELECT $1::int - 1 AS n';
      expect(await t.db.query(sql, [5])).toEqual([{ n: 4 }]);
      await expect(t.db.query('SELECT $1::int / 0 AS n', [1])).rejects.toThrow(/division by zero/);
      // On the embedded database every connection shares PGlite's one session, where the statement stays
      // prepared whatever became of the connection that prepared it.
      for (let i = 0; i < 3; i++) expect(await t.db.query(sql, [i])).toEqual([{ n: i - 1 }]);
      expect(await t.db.query(sql, [10])).toEqual([{ n: 9 }]);
    });

    it('runs statements unprepared when prepared statements are off', async () => {
      const db = new PoolDatabase(t.db.kind, t.db.pool, undefined, { preparedStatements: false });
      const sql = 'SELECT $1::int * 3 AS tripled';
      expect(await db.query(sql, [2])).toEqual([{ tripled: 6 }]);
      expect(db.statements.config(sql, [2]).name).toBeUndefined();
      const named = new StatementNames(true).config(sql, [2]).name;
      expect(await prepared(db)).not.toContain(named);
    });

    it('keeps sessions that run generic plans on a server only, leaving the main pool’s to choose', async () => {
      const mode = async (pool: NonNullable<typeof t.db.genericPlans>) =>
        (await pool.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]?.plan_cache_mode;
      if (t.db.kind === 'embedded') {
        // One session: a statement that needs the setting scopes it in its own transaction.
        expect(t.db.genericPlans).toBeUndefined();
        return;
      }
      expect(await mode(t.db.genericPlans!)).toBe('force_generic_plan');
      expect(await mode(t.db.pool)).toBe('auto');
    });

    it('stops naming new texts past its bound', () => {
      const names = new StatementNames(true, 2);
      expect(names.config('SELECT $1::int AS a', [1]).name).toBeDefined();
      expect(names.config('SELECT $1::int AS b', [1]).name).toBeDefined();
      expect(names.config('SELECT $1::int AS c', [1]).name).toBeUndefined();
      // Texts named before the bound keep their names.
      expect(names.config('SELECT $1::int AS a', [1]).name).toBeDefined();
    });

    // Only a server's schema changes under a live process (another release's migration); the embedded
    // database is migrated by its one process before it prepares anything, and ends a session on any error.
    if (target.name === 'postgres')
      it('answers a statement whose kept plan a migration made stale, on the pool and in the next transaction', async () => {
        const db = new PoolDatabase(t.db.kind, t.db.pool, undefined, { preparedStatements: true });
        await db.query('CREATE TABLE plan_change (id int, note text)');
        await db.query(`INSERT INTO plan_change VALUES (1, 'one')`);
        const read = 'SELECT * FROM plan_change WHERE id = $1';
        expect(await db.query(read, [1])).toEqual([{ id: 1, note: 'one' }]);
        await db.query('ALTER TABLE plan_change ADD COLUMN extra text');
        // On the pool: the stale plan is noticed and the statement runs again unprepared.
        expect(await db.query(read, [1])).toEqual([{ id: 1, note: 'one', extra: null }]);

        const inTx = 'SELECT id, note FROM plan_change WHERE id = $1 OR $1 IS NULL';
        const tableRead = 'SELECT * FROM plan_change WHERE id >= $1';
        expect(await db.transaction((tx) => tx.query(tableRead, [0]))).toHaveLength(1);
        await db.query('ALTER TABLE plan_change ADD COLUMN more text');
        // In a transaction the failed statement has aborted it; the next transaction runs the text unprepared.
        await expect(db.transaction((tx) => tx.query(tableRead, [0]))).rejects.toThrow(/cached plan/);
        expect(await db.transaction((tx) => tx.query(tableRead, [0]))).toEqual([
          { id: 1, note: 'one', extra: null, more: null },
        ]);
        expect(await db.query(inTx, [1])).toEqual([{ id: 1, note: 'one' }]);
      });
  });
}
