// Bytea arrays come back from both databases as arrays of Buffers, whatever bytes they hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`bytea arrays on ${target.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await target.open();
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('reads a two-dimensional array with NULLs, empty values and the bytes of the array syntax', async () => {
      const syntax = Buffer.from('{"\\,}NULL', 'latin1');
      const [row] = await t.db.query<{ grid: unknown; none: unknown }>(
        `SELECT ARRAY[ARRAY[$1::bytea, NULL], ARRAY[''::bytea, $2::bytea]] AS grid, NULL::bytea[] AS none`,
        [syntax, Buffer.from([0, 255, 34, 92])],
      );
      expect(row?.grid).toEqual([
        [syntax, null],
        [Buffer.alloc(0), Buffer.from([0, 255, 34, 92])],
      ]);
      expect(row?.none).toBeNull();
    });
  });
}
