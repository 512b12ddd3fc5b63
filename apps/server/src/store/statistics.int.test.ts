// A statement prepared while its table was empty keeps a plan for an empty table; analysing the table once it
// has grown has it planned again, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversationWithRequest, seedCustomer } from '../testing/conversations.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import type { Queryable } from './database.js';
import { ConversationRepository, RequestRepository } from './index.js';
import { analyseGrownTables } from './statistics.js';

const tenant = 'acme';
const byId = 'SELECT * FROM requests WHERE tenant_id = $1 AND id = $2';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`table statistics on ${target.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await target.open();
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('analyses the tables that grew, and the statements prepared on them empty are planned again', async () => {
      await seedCustomer(t.db, tenant, 'c1');
      const { requestId: first } = await seedConversationWithRequest(t.db, tenant, 'c1');
      // One session, as a pooled connection keeps its prepared statements (the embedded database has one).
      const session = await t.db.pool.connect();
      const q: Queryable = {
        query: async <Row extends object>(sql: string, params?: readonly unknown[]) =>
          (await session.query<Row>(sql, params as unknown[])).rows,
      };
      try {
        await session.query(`PREPARE by_id AS ${byId}`);
        // Past the custom plans of its first runs, it keeps a generic plan made on an empty table.
        for (let i = 0; i < 8; i++) await session.query(`EXECUTE by_id('${tenant}', '${first}')`);
        const plan = async () =>
          (
            await session.query<{ 'QUERY PLAN': string }>(
              `EXPLAIN (ANALYZE, BUFFERS) EXECUTE by_id('${tenant}', '${first}')`,
            )
          ).rows
            .map((row) => row['QUERY PLAN'])
            .join('\n');

        const conversations = new ConversationRepository(t.db);
        const requests = new RequestRepository(t.db);
        for (let i = 0; i < 400; i++) {
          await conversations.create(tenant, `th_${i}`, 'c1', q);
          await requests.create(
            tenant,
            { id: `req_${i}`, conversationId: `th_${i}`, customerId: 'c1', text: 'hi' },
            q,
          );
        }
        // Every request of the tenant is read to find one.
        expect(await plan()).toMatch(/Rows Removed by Filter: 400/);

        expect(await analyseGrownTables(q)).toContain('requests');
        const replanned = await plan();
        expect(replanned).toMatch(/requests_pkey/);
        expect(replanned).not.toMatch(/Rows Removed by Filter/);
        // Nothing grew since: nothing is analysed again.
        expect(await analyseGrownTables(q)).toEqual([]);
      } finally {
        session.release();
      }
    });
  });
}
