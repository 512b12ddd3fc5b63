// The machinery under knowledge search, on both databases: prepared statements that survive a reconnect
// (the embedded database keeps them across connections), statistics kept fresh as the corpus grows, and
// full-text candidates bounded when every word of a question is common.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { LocalEmbedder } from './embedder.js';
import { BM25, FUSION, KnowledgeSearch } from './search.js';
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

    /** One live document of these chunks (c1, c2, …), written directly as a bulk load would. */
    const addChunks = async (tenant: string, texts: string[]) => {
      await test.db.query(
        `INSERT INTO knowledge_documents (tenant_id, id, source, title, content_type, status)
         VALUES ($1, 'doc', 'file:doc.md', 'Help', 'text', 'ready')`,
        [tenant],
      );
      await test.db.query(
        `INSERT INTO knowledge_chunks (tenant_id, id, document_id, ordinal, text, content_hash, live, product_area,
           language, visibility)
         SELECT $1, 'c' || g, 'doc', g, ($2::text[])[g], md5(g::text), true, 'general', 'en', 'public'
         FROM generate_series(1, cardinality($2::text[])) g`,
        [tenant, texts],
      );
    };

    /** A fresh tenant holding one live document of these chunks, with their term statistics counted. */
    const corpusOf = async (texts: string[]) => {
      const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
      await addChunks(tenant, texts);
      const store = new KnowledgeStore(test.db);
      await store.recountTerms(tenant);
      return { tenant, store };
    };

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

    it('ranks only the chunks holding the best words together when even the best is in too many', async () => {
      const texts = [
        'A refund goes back to the card you paid the order with.',
        'Every order ships within two days.',
        'Track your order from the tracking page.',
        'A refund is possible within 30 days of the order.',
        'We take card payments for every order.',
        'Download the invoice of an order.',
        'Gift wrapping is free on every order.',
      ];
      const { tenant, store } = await corpusOf(texts);
      const ids = async (candidateBudget?: number) =>
        (
          await new KnowledgeSearch({
            store,
            embedder: new LocalEmbedder(),
            tuning: { bm25: BM25, fusion: FUSION, ...(candidateBudget ? { candidateBudget } : {}) },
          }).searchChunks(tenant, 'refund to my card for an order', { mode: 'text' })
        ).map((hit) => hit.chunkId);
      // Within the budget every chunk holding any of the words is ranked, the one holding all three first.
      const all = await ids();
      expect(all[0]).toBe('c1');
      expect(all).toHaveLength(texts.length);
      // "refund" alone (2 chunks) fits a budget of 3: the chunks holding it are the candidates.
      expect(await ids(3)).toEqual(['c1', 'c4']);
      // It does not fit a budget of 1: "refund" and "card" together are expected in 7 × 2/7 × 2/7 chunks.
      expect(await ids(1)).toEqual(['c1']);
    });

    it("weighs a synonym less than the customer's own word", async () => {
      const { tenant, store } = await corpusOf([
        'Delivery takes three to five business days.',
        'Shipping and shipment: free shipping on every shipment.',
        'Gift wrapping is free on every order.',
        'Track your parcel from the tracking page.',
      ]);
      const first = async (expansion: number) =>
        (
          await new KnowledgeSearch({
            store,
            embedder: new LocalEmbedder(),
            tuning: { bm25: { ...BM25, expansion }, fusion: FUSION },
          }).searchChunks(tenant, 'how long does delivery take', { mode: 'text' })
        ).map((hit) => hit.chunkId);
      // "delivery" adds "shipping" and "shipment": weighed as much as the customer's "delivery", the chunk that
      // repeats them wins; weighed less, the chunk about what the customer said does.
      expect((await first(1))[0]).toBe('c2');
      expect((await first(0.4))[0]).toBe('c1');
      expect(BM25.expansion).toBeLessThan(1);
      // The synonyms still find what the customer's words alone would not.
      expect(await first(BM25.expansion)).toContain('c2');
    });

    it("weighs hints (the triaged intent's words) as synonyms, below the customer's own words", async () => {
      const { tenant, store } = await corpusOf([
        'Send an item back within 30 days.',
        'Start a return or an exchange from your orders page.',
        'Gift wrapping is free on every order.',
        'Track your parcel from the tracking page.',
      ]);
      const search = new KnowledgeSearch({ store, embedder: new LocalEmbedder() });
      const ids = async (query: string, hints: string[] = []) =>
        (await search.searchChunks(tenant, query, { mode: 'text', hints })).map((hit) => hit.chunkId);
      // (Words that imply a return, as "send it back" does, would add "return" themselves: not these.)
      const question = 'do I still have time to send the item';
      // Appended to the question, the intent's words count as the customer's and outrank what they asked.
      expect((await ids(`${question}\nreturn exchange`))[0]).toBe('c2');
      // As hints they weigh as synonyms: the chunk that matches the customer's words stays first, and the
      // hints still find the chunk filed under them.
      expect(await ids(question, ['return', 'exchange'])).toEqual(['c1', 'c2']);
      // Hints alone find what they name.
      expect(await ids('my jacket', ['return', 'exchange'])).toEqual(['c2']);
    });

    it("keeps each chunk's heading words as its search vector's heading part holds them (the heading bonus)", async () => {
      const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
      await addChunks(tenant, ['Returns are free within 30 days.', 'Gift wrapping is free.']);
      await test.db.query(
        `UPDATE knowledge_chunks SET heading = 'Returns and refunds > Returning a damaged item'
         WHERE tenant_id = $1 AND id = 'c1'`,
        [tenant],
      );
      const rows = await test.db.query<{ id: string; kept: string[]; heading: string[] }>(
        `SELECT id, heading_words AS kept, tsvector_to_array(ts_filter(search, '{a}')) AS heading
         FROM knowledge_chunks WHERE tenant_id = $1 ORDER BY id`,
        [tenant],
      );
      expect(rows[0]!.kept).toEqual(['damag', 'item', 'refund', 'return']);
      for (const row of rows) expect(row.kept).toEqual(row.heading);
    });

    it('analyses the knowledge tables once the chunks have grown, not waiting for autovacuum', async () => {
      const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
      await addChunks(
        tenant,
        Array.from({ length: 400 }, () => 'refund policy '.repeat(40)),
      );
      const analysed = async () =>
        (
          await test.db.query<{ pages: number }>(
            `SELECT relpages AS pages FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`,
          )
        )[0]!.pages;
      await new KnowledgeStore(test.db).refreshStatistics();
      // The embedded database has no autovacuum; a server's would come round only later.
      expect(await analysed()).toBeGreaterThan(8);
    });

    it("returns each found document's body with its chunks, and only the documents asked for", async () => {
      const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
      const documents = [
        ['refunds', 'A refund goes back to the card you paid with.', 'Refunds take five days to show.'],
        [
          'returns',
          'Return an item within 30 days for a refund.',
          'Print the return label from your account.',
        ],
        ['cards', 'We take every major card.', 'A declined card needs a call to your bank.'],
      ];
      for (const [id, ...texts] of documents) {
        await test.db.query(
          `INSERT INTO knowledge_documents (tenant_id, id, source, title, content_type, status, body, live_chunks)
           VALUES ($1, $2, $3, $2, 'text', 'ready', $4, $5)`,
          [tenant, id, `file:${id}.md`, `The whole ${id} article.\n\n${texts.join('\n\n')}`, texts.length],
        );
        await test.db.query(
          `INSERT INTO knowledge_chunks (tenant_id, id, document_id, ordinal, text, content_hash, live, product_area,
             language, visibility)
           SELECT $1, $2 || g, $2, g, ($3::text[])[g], md5($2 || g), true, 'general', 'en', 'public'
           FROM generate_series(1, cardinality($3::text[])) g`,
          [tenant, id, texts],
        );
      }
      const store = new KnowledgeStore(test.db);
      await store.recountTerms(tenant);
      const search = new KnowledgeSearch({ store, embedder: new LocalEmbedder() });
      const hits = await search.searchDocuments(tenant, 'refund to my card', { limit: 2, mode: 'text' });
      expect(hits).toHaveLength(2);
      for (const hit of hits) {
        // The body is the document's own, not its matching chunks put together.
        expect(hit.body).toBe(
          `The whole ${hit.documentId} article.\n\n${documents
            .find(([id]) => id === hit.documentId)!
            .slice(1)
            .join('\n\n')}`,
        );
        expect(hit.chunks.every((chunk) => chunk.documentId === hit.documentId)).toBe(true);
        expect(hit.chunks[0]!.score).toBe(hit.score);
      }
      // The chunks are the same a chunk search ranks, each under its document in order.
      const chunks = await search.searchChunks(tenant, 'refund to my card', { limit: 30, mode: 'text' });
      expect(hits.map((hit) => hit.documentId)).toEqual(
        [...new Set(chunks.map((chunk) => chunk.documentId))].slice(0, 2),
      );
      expect(hits[0]!.chunks.map((chunk) => chunk.chunkId)).toEqual(
        chunks.filter((chunk) => chunk.documentId === hits[0]!.documentId).map((chunk) => chunk.chunkId),
      );
    });
  });
}
