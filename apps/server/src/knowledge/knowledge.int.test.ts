// The knowledge base on both databases: the embedded one has pgvector (hybrid search), the PostgreSQL
// server here has not (full-text fallback). Ingestion, versioning, filters and bad input.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InlineTaskQueue } from '../jobs/index.js';
import { createStores } from '../store/index.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { KnowledgeBase } from './base.js';
import { LocalEmbedder, type Embedder } from './embedder.js';
import { OpenAiCompatibleEmbedder } from './openai-embedder.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const guide = (extra = '') =>
  bytes(
    `# Grinder guide\n## Cleaning the burrs\nBrush the burrs weekly. Never rinse them with water.\n` +
      `## Grind size\nFor espresso start at setting 8 and go finer if the shot runs fast.${extra}`,
  );

/** An OpenAI-compatible embeddings endpoint that can be switched down, backed by the local embedder. */
function embeddingServer() {
  const local = new LocalEmbedder();
  const state = { down: false, calls: 0 };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      state.calls++;
      if (state.down) {
        response.writeHead(503).end('maintenance');
        return;
      }
      const { input } = JSON.parse(body) as { input: string[] };
      const data = input.map((text, index) => ({ index, embedding: Array.from(local.embedOne(text)) }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
  return { server, state };
}

const adapters = await databasesUnderTest();

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(`knowledge base on ${adapter.name}`, () => {
    // Re-embedding only exists where pgvector does (here, the embedded database). On a server without it
    // these cases do not apply — the full-text fallback is what the other cases cover — so they are not
    // declared there at all, rather than reported as skipped.
    const withVectors = (name: string, test: () => Promise<void>) => {
      if (adapter.name === 'embedded') it(name, test);
    };
    let test: TestDatabase;
    let queue: InlineTaskQueue;
    let kb: KnowledgeBase;
    // One database per adapter (opening PGlite is the slow part); every test works in its own tenant.
    let t1: string;
    let t2: string;
    const open = (embedder: Embedder = new LocalEmbedder(), retry = { attempts: 3, backoffMs: 20 }) => {
      queue = new InlineTaskQueue({
        db: test.db,
        queueName: `kb-${Math.random().toString(36).slice(2, 10)}`,
      });
      kb = new KnowledgeBase({
        db: test.db,
        stores: createStores(test.db),
        embedder,
        queue,
        retry,
      });
    };
    beforeAll(async () => {
      test = await adapter.open();
    });
    afterAll(() => test.dispose());
    beforeEach(() => {
      t1 = `t${Math.random().toString(36).slice(2, 10)}`;
      t2 = `${t1}-other`;
      open();
    });
    afterEach(() => queue.close());

    it(`searches with ${adapter.name === 'embedded' ? 'hybrid fusion' : 'full-text ranking (no pgvector here)'}`, async () => {
      expect(await kb.search.capability()).toBe(adapter.name === 'embedded' ? 'hybrid' : 'text');
    });

    it('shows a document to search only once its embedding task has published it', async () => {
      const result = await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide());
      expect(result).toMatchObject({ status: 'queued', chunks: 2, title: 'Grinder guide' });
      expect(await kb.search.searchChunks(t1, 'clean the burrs')).toEqual([]);
      await queue.start();
      await queue.drain();
      const [hit] = await kb.search.searchChunks(t1, 'how do I clean the burrs');
      expect(hit).toMatchObject({ heading: 'Grinder guide › Cleaning the burrs', source: 'file:grinder.md' });
      expect(hit!.textRank).toBe(1);
      if (adapter.name === 'embedded') expect(hit!.vectorRank).toBe(1);
      expect((await kb.store.get(t1, result.documentId))?.status).toBe('ready');
    });

    it('re-ingests only what changed, keeping the old version searchable until the new one is ready', async () => {
      await queue.start();
      const first = await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide());
      await queue.drain();
      const chunkIds = async () =>
        (
          await test.db.query<{ id: string; live: boolean }>(
            'SELECT id, live FROM knowledge_chunks WHERE tenant_id = $1 AND document_id = $2 ORDER BY ordinal',
            [t1, first.documentId],
          )
        ).map((row) => row.id);
      const before = await chunkIds();

      expect(await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide())).toMatchObject({
        status: 'unchanged',
        chunks: 2,
      });

      await queue.close();
      open();
      const changed = bytes(
        '# Grinder guide\n## Cleaning the burrs\nBrush the burrs weekly. Never rinse them with water.\n## Descaling\nDescale monthly with citric acid.',
      );
      expect(await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', changed)).toMatchObject({
        status: 'queued',
      });
      // Pending: the old version (with "Grind size") is still what search sees; "Descaling" is not yet.
      expect((await kb.search.searchChunks(t1, 'espresso setting finer')).map((h) => h.heading)).toContain(
        'Grinder guide › Grind size',
      );
      expect((await kb.search.searchChunks(t1, 'citric acid descale')).map((h) => h.heading)).not.toContain(
        'Grinder guide › Descaling',
      );
      await queue.start();
      await queue.drain();
      const after = await chunkIds();
      expect(after[0]).toBe(before[0]); // the unchanged section kept its chunk (and vector)
      expect(after).toHaveLength(2);
      expect(after).not.toContain(before[1]);
      expect((await kb.search.searchChunks(t1, 'citric acid descale'))[0]?.heading).toBe(
        'Grinder guide › Descaling',
      );
      expect(await kb.search.searchChunks(t1, 'espresso setting finer', { mode: 'text' })).toEqual([]);
    });

    it("keeps each document's count of live chunks (search's document prior reads it) as versions go live", async () => {
      const liveChunks = async (documentId: string) =>
        (
          await test.db.query<{ live_chunks: number }>(
            'SELECT live_chunks FROM knowledge_documents WHERE tenant_id = $1 AND id = $2',
            [t1, documentId],
          )
        )[0]?.live_chunks;
      const { documentId } = await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide());
      // Staged, not yet published: search sees none of its chunks.
      expect(await liveChunks(documentId)).toBe(0);
      await queue.start();
      await queue.drain();
      expect(await liveChunks(documentId)).toBe(2);
      await kb.ingestion.ingestBytes(
        t1,
        'file:grinder.md',
        'grinder.md',
        bytes('# Grinder guide\nBrush the burrs.'),
      );
      await queue.drain();
      expect(await liveChunks(documentId)).toBe(1);
      // A recount (after a bulk load, or as a repair) sets it from the live chunks.
      await test.db.query('UPDATE knowledge_documents SET live_chunks = 99 WHERE tenant_id = $1', [t1]);
      await kb.store.recountTerms(t1);
      expect(await liveChunks(documentId)).toBe(1);
    });

    withVectors(
      're-embeds in the background after a change of embedder, searchable throughout (needs pgvector)',
      async () => {
        await queue.start();
        await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide());
        await queue.drain();
        await queue.close();
        const next = new LocalEmbedder({ charWeight: 0.5 });
        open(next);
        expect(await kb.ingestion.recover(t1)).toEqual({ pending: 0, reembedding: 1 });
        // Before the task runs, full text still finds the document.
        expect((await kb.search.searchChunks(t1, 'clean the burrs'))[0]?.source).toBe('file:grinder.md');
        await queue.start();
        await queue.drain();
        const embedders = await test.db.query<{ embedder: string }>(
          'SELECT DISTINCT embedder FROM knowledge_vectors WHERE tenant_id = $1',
          [t1],
        );
        expect(embedders.map((row) => row.embedder)).toEqual([next.name]);
        const [hit] = await kb.search.searchChunks(t1, 'clean the burrs', { mode: 'vector' });
        expect(hit?.source).toBe('file:grinder.md');
      },
    );

    it('recognises the same content under another source as a duplicate', async () => {
      await queue.start();
      await kb.ingestion.ingestBytes(t1, 'file:a.md', 'a.md', guide());
      await queue.drain();
      expect(await kb.ingestion.ingestBytes(t1, 'file:copy-of-a.md', 'a.md', guide())).toMatchObject({
        status: 'duplicate',
        duplicateOf: 'file:a.md',
      });
    });

    it('filters by tenant, product area, language and visibility', async () => {
      await queue.start();
      const doc = (title: string) => bytes(`# ${title}\nThe warranty covers the motor for three years.`);
      await kb.ingestion.ingestBytes(t1, 'file:grinders.md', 'x.md', doc('Grinder warranty'), {
        productArea: 'grinders',
      });
      await kb.ingestion.ingestBytes(t1, 'file:kettles.md', 'x.md', doc('Kettle warranty'), {
        productArea: 'kettles',
      });
      await kb.ingestion.ingestBytes(t1, 'file:fr.md', 'x.md', doc('Garantie'), { language: 'fr' });
      await kb.ingestion.ingestBytes(t1, 'file:staff.md', 'x.md', doc('Staff warranty notes'), {
        visibility: 'internal',
      });
      await kb.ingestion.ingestBytes(t2, 'file:other-tenant.md', 'x.md', doc('Other tenant warranty'));
      await queue.drain();
      const sources = async (options: Parameters<typeof kb.search.searchDocuments>[2]) =>
        (await kb.search.searchDocuments(t1, 'warranty motor years', options))
          .map((hit) => hit.source)
          .sort();
      expect(await sources({})).toEqual(['file:fr.md', 'file:grinders.md', 'file:kettles.md']);
      expect(await sources({ productArea: 'kettles' })).toEqual(['file:kettles.md']);
      expect(await sources({ language: 'fr' })).toEqual(['file:fr.md']);
      expect(await sources({ visibility: 'internal' })).toEqual(['file:staff.md']);
      expect(await sources({ visibility: 'all' })).toHaveLength(4);
      expect(await sources({ mode: 'vector', productArea: 'grinders' })).toEqual(
        adapter.name === 'embedded' ? ['file:grinders.md'] : ['file:grinders.md'],
      );
    });

    it('refuses bad input without writing anything', async () => {
      await expect(kb.ingestion.ingestBytes(t1, 'file:e.md', 'e.md', bytes('\n'))).rejects.toMatchObject({
        code: 'DOCUMENT_EMPTY',
      });
      await expect(kb.ingestion.ingestBytes(t1, 'file:x.docx', 'x.docx', bytes('PK'))).rejects.toMatchObject({
        code: 'DOCUMENT_UNSUPPORTED_TYPE',
      });
      expect(await kb.store.list(t1)).toEqual([]);
    });

    withVectors(
      'keeps a document invisible while the embedding endpoint is down, retries, then publishes it (needs pgvector)',
      async () => {
        const { server, state } = embeddingServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const { port } = server.address() as AddressInfo;
          await queue.close();
          const remote = new OpenAiCompatibleEmbedder({
            baseUrl: `http://127.0.0.1:${port}/v1`,
            model: 'test-embed',
          });
          open(remote, { attempts: 8, backoffMs: 40 });
          state.down = true;
          const result = await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide());
          await queue.start();
          await expect.poll(() => state.calls, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
          expect(await kb.search.searchChunks(t1, 'clean the burrs')).toEqual([]);
          state.down = false;
          await queue.drain();
          expect((await kb.search.searchChunks(t1, 'clean the burrs'))[0]?.source).toBe('file:grinder.md');
          expect((await kb.store.get(t1, result.documentId))?.status).toBe('ready');

          // Down for every attempt: the new version is marked failed and the published one stays.
          await queue.close();
          open(remote, { attempts: 2, backoffMs: 10 });
          await queue.start();
          state.down = true;
          await kb.ingestion.ingestBytes(t1, 'file:grinder.md', 'grinder.md', guide('\n\nAlso descale.'));
          await queue.drain();
          await expect.poll(async () => (await kb.store.get(t1, result.documentId))?.status).toBe('failed');
          const doc = await kb.store.get(t1, result.documentId);
          expect(doc?.lastError).toMatch(/503/);
          expect((await kb.search.searchChunks(t1, 'clean the burrs'))[0]?.source).toBe('file:grinder.md');
        } finally {
          server.close();
        }
      },
    );
  });
}

describe('OpenAI-compatible embedder', () => {
  const { server, state } = embeddingServer();
  let baseUrl: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => void server.close());

  it('returns unit vectors in input order, as wide as the store expects', async () => {
    state.down = false;
    const embedder = new OpenAiCompatibleEmbedder({ baseUrl, model: 'm' });
    const [a, b] = await embedder.embed(['refund policy', 'reset password']);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect(Array.from(a!)).toEqual(
      Array.from(new LocalEmbedder().embedOne('refund policy')).map((v): unknown => expect.closeTo(v, 5)),
    );
    expect(b).not.toEqual(a);
  });

  it('reports a down endpoint, and an unreachable one, as EMBEDDING_UNAVAILABLE', async () => {
    state.down = true;
    await expect(new OpenAiCompatibleEmbedder({ baseUrl, model: 'm' }).embed(['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      details: { status: 503 },
    });
    await expect(
      new OpenAiCompatibleEmbedder({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2000 }).embed([
        'x',
      ]),
    ).rejects.toMatchObject({ code: 'EMBEDDING_UNAVAILABLE' });
  });

  it('refuses vectors of the wrong width', async () => {
    state.down = false;
    await expect(
      new OpenAiCompatibleEmbedder({ baseUrl, model: 'm', dimensions: 128 }).embed(['x']),
    ).rejects.toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      details: { expected: 128 },
    });
  });
});
