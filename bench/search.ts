// Search latency with 50,000 chunks: hybrid, full-text and vector search on the embedded database (PGlite with
// pgvector HNSW) and full-text on PostgreSQL (no pgvector on this server), through KnowledgeSearch as agents
// call it. Baselines in the same process: the embedded searches on a copy of the database with PGlite's own
// 128 MB page cache, interleaved with those on the cache a desk sizes at start; and an exact (index-free)
// vector scan, with HNSW's recall@10 against it.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedChunks } from '../apps/server/src/knowledge/embedding.js';
import { LocalEmbedder, toVectorLiteral } from '../apps/server/src/knowledge/embedder.js';
import { KnowledgeSearch, type SearchMode } from '../apps/server/src/knowledge/search.js';
import { KnowledgeStore } from '../apps/server/src/knowledge/store.js';
import { MIN_CACHE_MB } from '../apps/server/src/store/embedded-cache.js';
import { migrate, openEmbedded, openPostgres, type Database } from '../apps/server/src/store/index.js';
import { createScratchPostgres, postgresSkipReason } from '../apps/server/src/testing/databases.js';
import { sharedData } from './data.js';
import { buildLongQueries } from './long-queries.js';
import { random } from './stats.js';

/** `--chunks=N` measures another size (the goal is stated at 50,000). */
const CHUNKS = Number(process.argv.find((arg) => arg.startsWith('--chunks='))?.slice(9) ?? 50_000);
const CHUNKS_PER_DOCUMENT = 10;
const QUERIES = 200;
const WARMUP = 20;
const TENANT = 'bench';
const dataDir = sharedData('stackfaq');

interface Corpus {
  chunks: Array<{ heading: string; text: string }>;
  queries: string[];
  /** The same questions as long customer messages (greeting, context, signature): timed separately. */
  longQueries: string[];
}

/** 50,000 chunks of real help-forum sentences (StackFAQ answers) recombined, under real question titles. */
function buildCorpus(): Corpus {
  const pairs = readFileSync(join(dataDir, 'corpus_pairs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { title?: string; text: string });
  const sentences = pairs.flatMap((pair) => pair.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 20);
  const titles = pairs.map((pair) => pair.title ?? pair.text.slice(0, 60));
  const next = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const chunks = Array.from({ length: CHUNKS }, () => ({
    heading: pick(titles),
    text: Array.from({ length: 3 + Math.floor(next() * 4) }, () => pick(sentences))
      .join(' ')
      .slice(0, 1000),
  }));
  const questions = readFileSync(join(dataDir, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; text: string; thread_id: string });
  const queries = questions
    .map((question) => question.text)
    .filter((_, i) => i % 6 === 0)
    .slice(0, QUERIES + WARMUP);
  const longQueries = buildLongQueries(questions, 6)
    .map((query) => query.text)
    .slice(0, QUERIES + WARMUP);
  return { chunks, queries, longQueries };
}

async function load(db: Database, corpus: Corpus, vectors: Float32Array[] | undefined, embedder: string) {
  const docs = CHUNKS / CHUNKS_PER_DOCUMENT;
  for (let d = 0; d < docs; d += 250) {
    const params: unknown[] = [TENANT];
    const rows: string[] = [];
    for (let i = d; i < Math.min(docs, d + 250); i++) {
      params.push(`doc_${i}`, `bench:${i}`, corpus.chunks[i * CHUNKS_PER_DOCUMENT]!.heading);
      const n = params.length;
      rows.push(`($1, $${n - 2}, $${n - 1}, $${n}, 'text', 'ready', 'h${i}')`);
    }
    await db.query(
      `INSERT INTO knowledge_documents (tenant_id, id, source, title, content_type, status, content_hash) VALUES ${rows.join(',')}`,
      params,
    );
  }
  for (let c = 0; c < CHUNKS; c += 500) {
    const params: unknown[] = [TENANT];
    const rows: string[] = [];
    for (let i = c; i < Math.min(CHUNKS, c + 500); i++) {
      const chunk = corpus.chunks[i]!;
      params.push(
        `c${i}`,
        `doc_${Math.floor(i / CHUNKS_PER_DOCUMENT)}`,
        i % CHUNKS_PER_DOCUMENT,
        chunk.heading,
        chunk.text,
      );
      const n = params.length;
      // A realistic spread of filters: five product areas, mostly English, a tenth internal.
      rows.push(
        `($1, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, md5($${n}), true, 'area${i % 5}', ` +
          `'${i % 10 === 0 ? 'fr' : 'en'}', '${i % 10 === 1 ? 'internal' : 'public'}')`,
      );
    }
    await db.query(
      `INSERT INTO knowledge_chunks (tenant_id, id, document_id, ordinal, heading, text, content_hash, live,
         product_area, language, visibility) VALUES ${rows.join(',')}`,
      params,
    );
  }
  // Rows were written directly, so the word statistics full-text search relies on are counted once here.
  await new KnowledgeStore(db).recountTerms(TENANT);
  if (!vectors) return;
  for (let c = 0; c < CHUNKS; c += 500) {
    const params: unknown[] = [TENANT, embedder];
    const rows: string[] = [];
    for (let i = c; i < Math.min(CHUNKS, c + 500); i++) {
      params.push(`c${i}`, toVectorLiteral(vectors[i]!));
      rows.push(`($1, $${params.length - 1}, $2, $${params.length}::vector)`);
    }
    await db.query(
      `INSERT INTO knowledge_vectors (tenant_id, chunk_id, embedder, embedding) VALUES ${rows.join(',')}`,
      params,
    );
  }
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function time(queries: string[], run: (query: string) => Promise<unknown>): Promise<Timing> {
  for (const query of queries.slice(0, WARMUP)) await run(query);
  const samples: number[] = [];
  for (const query of queries.slice(WARMUP)) {
    const t0 = performance.now();
    await run(query);
    samples.push(performance.now() - t0);
  }
  return timing(samples);
}

/**
 * Times several ways of searching on the same questions, interleaved: each question is asked in every mode,
 * the mode that goes first turning with each question. Timed one mode after the other, the first met every
 * question's pages cold and the others found them warm.
 */
async function timeModes<Mode extends string>(
  queries: string[],
  modes: readonly Mode[],
  run: (mode: Mode, query: string) => Promise<unknown>,
): Promise<Record<Mode, Timing>> {
  for (const query of queries.slice(0, WARMUP)) for (const mode of modes) await run(mode, query);
  const samples = new Map<Mode, number[]>(modes.map((mode) => [mode, []]));
  for (const [i, query] of queries.slice(WARMUP).entries()) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(i + k) % modes.length]!;
      const t0 = performance.now();
      await run(mode, query);
      samples.get(mode)!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(modes.map((mode) => [mode, timing(samples.get(mode)!)])) as Record<Mode, Timing>;
}

function timing(samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  const round = (v: number) => Number(v.toFixed(2));
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
  };
}

const labels: Record<string, string> = {
  hybrid: 'hybrid (top 5 documents)',
  text: 'text (top 5 documents)',
  vector: 'vector (top 5 documents)',
  hybridFiltered: 'hybrid, area + language filter',
  hybridLong: 'hybrid, long message',
  textLong: 'text, long message',
};

/**
 * Short questions in every mode, with filters, and long messages, as agents search, on several copies of
 * one embedded database at once: each question goes to every copy and mode in turn (see timeModes), so
 * the copies meet the same machine and the same warm or cold pages.
 */
async function timeSearches(
  copies: Record<string, Database>,
  corpus: Corpus,
  embedder: LocalEmbedder,
): Promise<Record<string, Record<string, Timing>>> {
  const names = Object.keys(copies);
  const searches = new Map(
    names.map((name) => [name, new KnowledgeSearch({ store: new KnowledgeStore(copies[name]!), embedder })]),
  );
  const variants = (modes: SearchMode[]) => names.flatMap((name) => modes.map((mode) => `${name}:${mode}`));
  const searchAs =
    (options: { productArea?: string; language?: string } = {}) =>
    (variant: string, q: string) => {
      const [name, mode] = variant.split(':') as [string, SearchMode];
      return searches.get(name)!.searchDocuments(TENANT, q, { limit: 5, mode, ...options });
    };
  const timings = {
    ...(await timeModes(corpus.queries, variants(['hybrid', 'text', 'vector']), searchAs())),
    ...Object.fromEntries(
      Object.entries(
        await timeModes(
          corpus.queries,
          variants(['hybrid']),
          searchAs({ productArea: 'area3', language: 'en' }),
        ),
      ).map(([variant, t]) => [`${variant}Filtered`, t]),
    ),
    ...Object.fromEntries(
      Object.entries(await timeModes(corpus.longQueries, variants(['hybrid', 'text']), searchAs())).map(
        ([variant, t]) => [`${variant}Long`, t],
      ),
    ),
  };
  const byCopy: Record<string, Record<string, Timing>> = {};
  for (const [variant, t] of Object.entries(timings)) {
    const [name, figure] = variant.split(':') as [string, string];
    (byCopy[name] ??= {})[figure] = t;
  }
  return byCopy;
}

/** Each phase says when it ends, so a slow run shows where its time goes. */
const started = performance.now();
const progress = (phase: string) =>
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s  ${phase}`);

export async function searchBench(): Promise<Record<string, unknown>> {
  const corpus = buildCorpus();
  const embedder = new LocalEmbedder();
  const t0 = performance.now();
  const vectors = await embedChunks(embedder, corpus.chunks);
  const embedSeconds = (performance.now() - t0) / 1000;
  progress(`embedded ${CHUNKS} chunks`);
  const figures: Record<string, unknown> = { chunks: CHUNKS, queries: QUERIES, embedder: embedder.name };
  const rows: string[] = [];
  const row = (label: string, t: Timing) =>
    rows.push(
      `${label.padEnd(64)} ${String(t.p50).padStart(7)} ${String(t.p95).padStart(7)} ${String(t.p99).padStart(7)}`,
    );

  // Embedded: PGlite with pgvector. The HNSW index is built after the bulk load, as an operator loading a
  // corpus would (inserting 50k rows into a live HNSW index in WASM takes minutes).
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-search-'));
  const copyDir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-search-copy-'));
  let embedded = await openEmbedded(dir);
  let baselineDb: Database | undefined;
  try {
    await migrate(embedded);
    await embedded.query('DROP INDEX knowledge_vectors_hnsw');
    const loadStart = performance.now();
    await load(embedded, corpus, vectors, embedder.name);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    progress('loaded the embedded database');
    const indexStart = performance.now();
    // The graph is built in memory when it fits in maintenance_work_mem (64 MB by default, less than 50,000
    // vectors of 384 floats); past that pgvector builds on disk, in WASM many times slower.
    await embedded.query(`SET maintenance_work_mem = '512MB'`);
    await embedded.query(
      'CREATE INDEX knowledge_vectors_hnsw ON knowledge_vectors USING hnsw (embedding vector_cosine_ops)',
    );
    const indexSeconds = (performance.now() - indexStart) / 1000;
    await embedded.query('RESET maintenance_work_mem');
    progress('built the HNSW index');
    await embedded.query('ANALYZE');
    await embedded.close();

    // The same database twice: with PGlite's own 128 MB page cache (the baseline: a desk started before its
    // knowledge base grew), and with the cache a desk started on it sizes from it (store/embedded-cache.ts).
    cpSync(join(dir, 'pglite'), join(copyDir, 'pglite'), { recursive: true });
    baselineDb = await openEmbedded(copyDir, { cacheMb: MIN_CACHE_MB });
    embedded = await openEmbedded(dir);
    const cacheMb = embedded.cacheMb!;
    const { baseline, sized } = await timeSearches(
      { baseline: baselineDb, sized: embedded },
      corpus,
      embedder,
    );
    await baselineDb.close();
    for (const [name, t] of Object.entries(sized!)) row(`embedded ${labels[name]}, ${cacheMb} MB cache`, t);
    for (const [name, t] of Object.entries(baseline!))
      row(`embedded ${labels[name]}, ${MIN_CACHE_MB} MB (baseline)`, t);
    progress(`timed embedded searches, ${cacheMb} and ${MIN_CACHE_MB} MB caches interleaved`);
    const embeddedFigures: Record<string, unknown> = {
      loadSeconds: Number(loadSeconds.toFixed(1)),
      hnswBuildSeconds: Number(indexSeconds.toFixed(1)),
      cacheMb,
      ...sized,
      baselineCache: { cacheMb: MIN_CACHE_MB, ...baseline },
      hybridP95OverBaselineCache: Number((sized!.hybrid!.p95 / baseline!.hybrid!.p95).toFixed(2)),
    };

    // Baseline: the same nearest-neighbour query without the index (exact scan), and HNSW's recall@10 against it.
    const knn = `SELECT chunk_id FROM knowledge_vectors WHERE tenant_id = $1 ORDER BY embedding <=> $2::vector LIMIT 10`;
    // An ordering by an expression over the distance no index can serve: every vector is read. (Turning
    // index scans off for the same statement would not do: its plan is prepared once, with the index.)
    const exactKnn = knn.replace(
      'ORDER BY embedding <=> $2::vector',
      'ORDER BY (embedding <=> $2::vector) + 0',
    );
    const queryVectors = new Map<string, string>();
    for (const q of corpus.queries)
      queryVectors.set(q, toVectorLiteral((await embedChunks(embedder, [{ heading: q, text: q }]))[0]!));
    const exact = (q: string) =>
      embedded.query<{ chunk_id: string }>(exactKnn, [TENANT, queryVectors.get(q)]);
    // HNSW looks at `ef_search` candidates (pgvector's default 40; more finds more of the true neighbours).
    const hnsw = (ef: number) => (q: string) =>
      embedded.transaction(async (tx) => {
        await tx.query(`SET LOCAL hnsw.ef_search = ${ef}`);
        return tx.query<{ chunk_id: string }>(knn, [TENANT, queryVectors.get(q)]);
      });
    const efs = [40, 100];
    const hnswTimings = new Map<number, Timing>();
    for (const ef of efs) hnswTimings.set(ef, await time(corpus.queries, hnsw(ef)));
    // The exact scan reads every vector, so it runs once per sampled query: timed, and kept as the truth
    // HNSW's recall is measured against.
    const sample = corpus.queries.slice(WARMUP, WARMUP + 50);
    await exact(corpus.queries[0]!);
    const exactSamples: number[] = [];
    const overlap = new Map<number, number>(efs.map((ef) => [ef, 0]));
    for (const q of sample) {
      const t0 = performance.now();
      const truth = new Set((await exact(q)).map((r) => r.chunk_id));
      exactSamples.push(performance.now() - t0);
      for (const ef of efs)
        overlap.set(
          ef,
          overlap.get(ef)! + (await hnsw(ef)(q)).filter((r) => truth.has(r.chunk_id)).length / 10,
        );
    }
    const exactTiming = timing(exactSamples);
    const recall = (ef: number) => Number((overlap.get(ef)! / sample.length).toFixed(3));
    for (const ef of efs)
      row(`embedded kNN@10, HNSW ef_search ${ef} (recall@10 ${recall(ef)})`, hnswTimings.get(ef)!);
    row('embedded kNN@10, exact scan (baseline)', exactTiming);
    progress('timed kNN, HNSW and exact');
    Object.assign(embeddedFigures, {
      knnHnsw: hnswTimings.get(40),
      knnExact: exactTiming,
      hnswRecallAt10: recall(40),
      knnHnswEf100: hnswTimings.get(100),
      hnswRecallAt10Ef100: recall(100),
      exactOverHnswP50: Number((exactTiming.p50 / hnswTimings.get(40)!.p50).toFixed(1)),
    });
    figures.embedded = embeddedFigures;
  } finally {
    // Already closed when a step between reopenings failed.
    await embedded.close().catch(() => undefined);
    await baselineDb?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    rmSync(copyDir, { recursive: true, force: true });
  }

  const skip = await postgresSkipReason();
  if (skip) {
    figures.postgres = { skipped: skip };
  } else {
    const scratch = await createScratchPostgres();
    const postgres = await openPostgres(scratch.url);
    try {
      await migrate(postgres);
      const store = new KnowledgeStore(postgres);
      const vectorsHere = await store.hasVectors();
      await load(postgres, corpus, undefined, embedder.name);
      await postgres.query('ANALYZE');
      const search = new KnowledgeSearch({ store, embedder });
      const text = await time(corpus.queries, (q) =>
        search.searchDocuments(TENANT, q, { limit: 5, mode: 'text' }),
      );
      const filtered = await time(corpus.queries, (q) =>
        search.searchDocuments(TENANT, q, { limit: 5, mode: 'text', productArea: 'area3', language: 'en' }),
      );
      const textLong = await time(corpus.longQueries, (q) =>
        search.searchDocuments(TENANT, q, { limit: 5, mode: 'text' }),
      );
      row('postgres full-text (no pgvector)', text);
      row('postgres full-text, area + language filter', filtered);
      row('postgres full-text, long message', textLong);
      figures.postgres = { pgvector: vectorsHere, text, textFiltered: filtered, textLong };
    } finally {
      await postgres.close();
      await scratch.drop();
    }
  }
  console.log(
    `${CHUNKS} chunks, ${QUERIES} queries (after ${WARMUP} warm-up); embedded in ${embedSeconds.toFixed(1)} s`,
  );
  console.log(`${'search (ms)'.padEnd(64)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`);
  for (const line of rows) console.log(line);
  return figures;
}
