// Retrieval quality on StackFAQ (threads as articles, user rephrasings as queries): nDCG@10, MRR@10,
// recall@5 and recall@10 for full-text only, vector only and hybrid (RRF) search through the knowledge base
// on the embedded database with the local embedder. Reference (not measured here): BM25 nDCG@10 0.784.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InlineTaskQueue } from '../apps/server/src/jobs/index.js';
import { KnowledgeBase, LocalEmbedder } from '../apps/server/src/knowledge/index.js';
import type { SearchMode } from '../apps/server/src/knowledge/index.js';
import { createStores, migrate, openEmbedded } from '../apps/server/src/store/index.js';

const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/stackfaq');
const TENANT = 'bench';

interface Thread {
  _id: string;
  title: string;
  text: string;
}
interface Query {
  _id: string;
  text: string;
  thread_id: string;
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
  const n = ranks.length;
  const sum = (f: (rank: number) => number) => ranks.reduce<number>((acc, r) => acc + (r ? f(r) : 0), 0) / n;
  return {
    ndcg10: sum((r) => (r <= 10 ? 1 / Math.log2(r + 1) : 0)),
    mrr10: sum((r) => (r <= 10 ? 1 / r : 0)),
    recall5: sum((r) => (r <= 5 ? 1 : 0)),
    recall10: sum((r) => (r <= 10 ? 1 : 0)),
    msPerQuery: ms / n,
  };
}

export async function retrievalBench(): Promise<Record<string, unknown>> {
  const threads = readJsonl<Thread>('corpus.jsonl');
  const queries = readJsonl<Query>('queries.jsonl');
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-retrieval-'));
  const db = await openEmbedded(dir);
  const queue = new InlineTaskQueue({ db });
  try {
    await migrate(db);
    const kb = new KnowledgeBase({ db, stores: createStores(db), embedder: new LocalEmbedder(), queue });
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
    const threadOf = new Map<string, string>();
    for (const thread of threads) threadOf.set(`stackfaq:${thread._id}`, thread._id);

    const results: Record<string, Quality> = {};
    for (const mode of ['text', 'vector', 'hybrid'] as SearchMode[]) {
      const ranks: Array<number | undefined> = [];
      const t0 = performance.now();
      for (const query of queries) {
        const hits = await kb.search.searchDocuments(TENANT, query.text, { limit: 10, mode });
        const index = hits.findIndex((hit) => threadOf.get(hit.source) === query.thread_id);
        ranks.push(index >= 0 ? index + 1 : undefined);
      }
      results[mode] = score(ranks, performance.now() - t0);
    }
    const round = (value: number) => Number(value.toFixed(3));
    console.log(
      `StackFAQ: ${threads.length} threads (${chunks} chunks), ${queries.length} queries; ingested in ${ingestSeconds.toFixed(1)} s`,
    );
    console.log('mode     nDCG@10  MRR@10  R@5    R@10   ms/query');
    for (const [mode, q] of Object.entries(results)) {
      console.log(
        `${mode.padEnd(8)} ${round(q.ndcg10).toFixed(3).padStart(7)}  ${round(q.mrr10).toFixed(3).padStart(6)}  ` +
          `${round(q.recall5).toFixed(3)}  ${round(q.recall10).toFixed(3)}  ${q.msPerQuery.toFixed(2)}`,
      );
    }
    console.log(
      'reference BM25 (local run, not measured here): nDCG@10 0.784, MRR@10 0.734; target hybrid nDCG@10 >= 0.85',
    );
    const figures = Object.fromEntries(
      Object.entries(results).map(([mode, q]) => [
        mode,
        {
          ndcg10: round(q.ndcg10),
          mrr10: round(q.mrr10),
          recall5: round(q.recall5),
          recall10: round(q.recall10),
          msPerQuery: round(q.msPerQuery),
        },
      ]),
    );
    return {
      dataset: 'stackfaq',
      threads: threads.length,
      chunks,
      queries: queries.length,
      embedder: new LocalEmbedder().name,
      ...figures,
      hybridOverTextNdcg: round(results.hybrid!.ndcg10 / results.text!.ndcg10),
      referenceBm25: { ndcg10: 0.784, mrr10: 0.734 },
    };
  } finally {
    await queue.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
