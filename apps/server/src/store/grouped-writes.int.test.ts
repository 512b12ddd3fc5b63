// Group commit of the decision trail: a conversation's writes that arrive while one of its statements is on
// its way go together in the next, each caller hears only once its own rows are stored, and one bad write
// loses none of the others.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, recordingStatements, type TestDatabase } from '../testing/databases.js';
import type { Queryable } from './database.js';
import { GroupedWrites } from './grouped-writes.js';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`grouped writes on ${target.name}`, () => {
    let t: TestDatabase;
    let table: string;
    const sent: string[] = [];
    let writes: GroupedWrites;
    beforeAll(async () => {
      t = await target.open();
      table = `grouped_${randomUUID().replaceAll('-', '')}`;
      await t.db.query(`CREATE TABLE ${table} (id text PRIMARY KEY, note text NOT NULL)`);
      // The database, counting the statements sent through it.
      writes = new GroupedWrites(recordingStatements(t.db, sent));
    });
    afterAll(async () => {
      await t?.dispose();
    });

    const insert = (id: string, note: string | null) => async (q: Queryable) => {
      await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [id, note]);
    };
    const stored = async (ids: string[]) =>
      (
        await t.db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY ($1) ORDER BY id`, [ids])
      ).map((row) => row.id);

    it('sends the writes that arrive while one is on its way as one statement, each stored when it resolves', async () => {
      sent.length = 0;
      const ids = ['a1', 'a2', 'a3', 'a4'];
      const done = ids.map(async (id) => {
        await writes.write('th_a', insert(id, id));
        // Heard only once stored.
        expect(await stored([id])).toEqual([id]);
      });
      await Promise.all(done);
      expect(await stored(ids)).toEqual(ids);
      // The first goes at once; the three that came meanwhile go together.
      expect(sent).toHaveLength(2);
      // Listed last-first, so that they run in order (see writeTogether).
      expect(sent[1]).toMatch(/^WITH w1 AS .* w0 AS /s);
    });

    it('commits relaxed groups without waiting for disk, that statement only', async () => {
      const results: unknown[][] = [];
      const relaxed = new GroupedWrites(
        {
          query: async <Row extends object>(sql: string, params?: readonly unknown[]) => {
            const rows = await t.db.query<Row>(sql, params);
            results.push(rows);
            return rows;
          },
        },
        { commit: 'relaxed' },
      );
      await Promise.all([relaxed.write('th_r', insert('r1', 'x')), relaxed.write('th_r', insert('r2', 'y'))]);
      expect(await stored(['r1', 'r2'])).toEqual(['r1', 'r2']);
      // Each statement turned synchronous_commit off for its own transaction, which ended with it.
      expect(results.length).toBeGreaterThan(0);
      for (const rows of results) expect(rows).toEqual([{ set_config: 'off' }]);
      const [setting] = await t.db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      expect(setting?.synchronous_commit).toBe('on');
    });

    it("holds a write back for the group's next one, or sends it alone after a while or on flush", async () => {
      sent.length = 0;
      let heldStored = false;
      const held = writes.writeLater('th_h', insert('h1', 'call')).then(() => (heldStored = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Nothing went yet: the write waits for the group's next one.
      expect(sent).toHaveLength(0);
      expect(heldStored).toBe(false);
      await writes.write('th_h', insert('h2', 'decision'));
      await held;
      // Both in one statement, the held write first.
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^WITH w0 AS \(INSERT .*\) INSERT /s);
      expect(await stored(['h1', 'h2'])).toEqual(['h1', 'h2']);

      // With no next write, a held one goes on its own once its time is up...
      const quick = new GroupedWrites(t.db, {}, 30);
      await quick.writeLater('th_h', insert('h3', 'alone'));
      expect(await stored(['h3'])).toEqual(['h3']);
      // ...or when the writes are flushed (closing).
      const slow = new GroupedWrites(t.db, {}, 60_000);
      let flushed = false;
      const late = slow.writeLater('th_h', insert('h4', 'flushed')).then(() => (flushed = true));
      await slow.flush();
      expect(flushed).toBe(true);
      await late;
      expect(await stored(['h4'])).toEqual(['h4']);
    });

    it("hands a group's held writes to another statement, and sends them alone if that one fails", async () => {
      const slow = new GroupedWrites(t.db, {}, 60_000);
      expect(await slow.carry('th_k')).toBeUndefined();
      let carriedStored = false;
      const held = slow.writeLater('th_k', insert('k1', 'carried')).then(() => (carriedStored = true));
      const other = slow.writeLater('th_other', insert('k9', 'other group'));
      const carried = await slow.carry('th_k');
      // Only this group's writes, as statements to embed, and taken: a second carrier gets nothing.
      expect(carried?.statements).toEqual([
        { sql: `INSERT INTO ${table} (id, note) VALUES ($1, $2)`, params: ['k1', 'carried'] },
      ]);
      expect(await slow.carry('th_k')).toBeUndefined();
      // The carrier's statement (here: the write and a row of its own) commits them; their callers then hear.
      await t.db.query(
        `WITH w0 AS (${carried!.statements[0]!.sql}) INSERT INTO ${table} VALUES ('k2', 'own')`,
        [...carried!.statements[0]!.params],
      );
      expect(carriedStored).toBe(false);
      carried!.stored();
      await held;
      expect(await stored(['k1', 'k2'])).toEqual(['k1', 'k2']);

      // A carrier whose statement failed: the writes it took go on their own, and are stored.
      const again = slow.writeLater('th_k', insert('k3', 'resent'));
      (await slow.carry('th_k'))!.failed();
      await again;
      expect(await stored(['k3'])).toEqual(['k3']);

      // Flushing one group leaves the others held.
      await slow.flush('th_k');
      expect(await stored(['k9'])).toEqual([]);
      await slow.flush('th_other');
      await other;
      expect(await stored(['k9'])).toEqual(['k9']);
    });

    it('keeps groups apart: each conversation has its own statements', async () => {
      sent.length = 0;
      await Promise.all([writes.write('th_b', insert('b1', 'x')), writes.write('th_c', insert('c1', 'y'))]);
      expect(sent).toHaveLength(2);
      expect(await stored(['b1', 'c1'])).toEqual(['b1', 'c1']);
    });

    it('refuses only the bad write of a group and stores the others', async () => {
      await writes.write('th_d', insert('d0', 'first'));
      const results = await Promise.allSettled([
        writes.write('th_d', insert('d1', 'fine')),
        writes.write('th_d', insert('d2', null)),
        writes.write('th_d', insert('d3', 'fine')),
      ]);
      // d1 went alone (nothing was in flight); d2 and d3 went together, failed, and were sent again apart.
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await stored(['d0', 'd1', 'd2', 'd3'])).toEqual(['d0', 'd1', 'd3']);
    });
  });
}
