// The machinery under knowledge search, on both databases: prepared statements that survive a reconnect
// (the embedded database keeps them across connections), and statistics kept fresh as the corpus grows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { runPrepared } from './search-sql.js';
import { KnowledgeStore } from './store.js';

const adapters = await databasesUnderTest();

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(`knowledge search statements on ${adapter.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await adapter.open();
    });
    afterAll(() => test.dispose());

    it('runs a prepared statement again after its connection was closed and a new one opened', async () => {
      const text = 'SELECT $1::int + 1 AS n';
      expect(await runPrepared(test.db.pool, 'kb_test_reconnect', text, [1])).toEqual([{ n: 2 }]);
      // Drop the pooled connection, as the pool does with idle ones.
      const client = await test.db.pool.connect();
      client.release(true);
      // The embedded socket server takes one connection at a time: let it see this one go.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await runPrepared(test.db.pool, 'kb_test_reconnect', text, [41])).toEqual([{ n: 42 }]);
      expect(
        await runPrepared(test.db.pool, 'kb_test_reconnect', text, [9], 'SET LOCAL work_mem = 8192'),
      ).toEqual([{ n: 10 }]);
    });

    it('analyses the knowledge tables once the chunks have grown, where nothing else would', async () => {
      const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
      await test.db.query(
        `INSERT INTO knowledge_documents (tenant_id, id, source, title, content_type, status)
         VALUES ($1, 'doc', 'file:doc.md', 'Doc', 'text', 'ready')`,
        [tenant],
      );
      await test.db.query(
        `INSERT INTO knowledge_chunks (tenant_id, id, document_id, ordinal, text, content_hash, live, product_area,
           language, visibility)
         SELECT $1, 'c' || g, 'doc', g, repeat('refund policy ', 40), md5(g::text), true, 'general', 'en', 'public'
         FROM generate_series(1, 400) g`,
        [tenant],
      );
      const analysed = async () =>
        (
          await test.db.query<{ pages: number }>(
            `SELECT relpages AS pages FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`,
          )
        )[0]!.pages;
      await new KnowledgeStore(test.db).refreshStatistics();
      // The embedded database has no autovacuum: the store analyses. A server's autovacuum does it there.
      if (adapter.name === 'embedded') expect(await analysed()).toBeGreaterThan(8);
      else expect(await analysed()).toBe(0);
    });
  });
}
