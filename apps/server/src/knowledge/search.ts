// Hybrid knowledge search: PostgreSQL full-text ranking and pgvector (HNSW) nearest neighbours, each over
// live chunks only and filtered by tenant, product area, language and visibility, fused with reciprocal
// rank fusion. Without pgvector it is full-text ranking alone. The SQL is in search-sql.ts.
import type { Logger } from '../logger.js';
import type { Embedder } from './embedder.js';
import { toVectorLiteral } from './embedder.js';
import { embedChunks } from './embedding.js';
import {
  BM25,
  CANDIDATE_BUDGET,
  FUSION,
  SHORT_CANDIDATE_BUDGET,
  runPrepared,
  searchStatement,
  statementName,
  type Bm25Parameters,
  type FusedRow,
  type FusionWeights,
} from './search-sql.js';
import type { KnowledgeStore, Visibility } from './store.js';
import { impliedTermsOf, synonymsOf } from '../domain/help-centre-words.js';
import { timeKnowledgeSearch } from '../observability/meter.js';
import { stopWords, wordsOf } from './text.js';

export {
  BM25,
  CANDIDATE_BUDGET,
  FUSION,
  MAX_QUERY_TERMS,
  PAIR_WORDS,
  RRF_K,
  SHORT_CANDIDATE_BUDGET,
} from './search-sql.js';

export type SearchMode = 'hybrid' | 'text' | 'vector';

export interface SearchFilters {
  productArea?: string;
  language?: string;
  /** Customer-facing answers use 'public' (the default); agents and staff may see 'internal' too. */
  visibility?: Visibility | 'all';
}

export interface SearchOptions extends SearchFilters {
  limit?: number;
  mode?: SearchMode;
  /**
   * Words the help centre may file the question under (a triaged intent's topic), not the customer's: the
   * full-text leg weighs them as synonyms (Bm25Parameters.expansion), the vector leg does not read them.
   */
  hints?: readonly string[];
}

export interface ChunkHit {
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  heading: string;
  text: string;
  productArea: string;
  language: string;
  visibility: Visibility;
  score: number;
  textRank?: number;
  vectorRank?: number;
}

export interface DocumentHit {
  documentId: string;
  source: string;
  title: string;
  body: string;
  productArea: string;
  visibility: Visibility;
  score: number;
  /** The document's matching chunks, best first. */
  chunks: ChunkHit[];
}

/**
 * Nearest neighbours always exist; ones this far away (cosine similarity under 0.1) share nothing with the
 * question but hash collisions, so they are not offered as matches.
 */
export const MAX_DISTANCE = 0.9;

/**
 * How many candidates HNSW looks at (pgvector's hnsw.ef_search), and never fewer than the vector leg's rows,
 * which it caps: at pgvector's 40 a search of documents asking for 60 got 40. At 50,000 chunks, 40 found
 * 0.76-0.84 of the true ten nearest chunks and 100 found 0.86-0.88, for 0.2-0.7 ms more at p50
 * (bench/search.ts, against an exact scan; the index is built at random, so the figures move by build).
 */
export const HNSW_EF_SEARCH = 100;

/**
 * PostgreSQL's text-search configurations with a stop-word list, by language code: a question in one of
 * these drops that language's stop words (English ones always go, as the chunks are indexed in English).
 * Any other language keeps all its words; BM25's idf still makes its frequent ones count for little.
 */
const stopWordConfigs: Record<string, string> = {
  da: 'danish',
  de: 'german',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  hu: 'hungarian',
  it: 'italian',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ru: 'russian',
  sv: 'swedish',
};

/** The configuration whose stop words a question in `language` drops ('simple' has none). */
export const stopWordsOf = (language: string | undefined) =>
  stopWordConfigs[(language ?? 'en').toLowerCase().slice(0, 2)] ?? 'simple';

/**
 * Only this much of a question is searched: a long customer message is a few thousand characters, and what
 * follows in a pasted log or a 100 KB body adds cost (parsing, embedding) and nothing to the ranking.
 */
export const MAX_QUERY_CHARS = 8000;

/**
 * A long message's words are mostly context: there the full-text leg weighs less in the fusion and the
 * vector leg, which reads the whole message, more; on a short question the full text's exact words weigh
 * more (measured on the validation halves).
 */
export function fusionFor(query: string, fusion: FusionWeights): FusionWeights {
  return isLongMessage(query, fusion)
    ? { ...fusion, text: fusion.longText, vector: fusion.longVector }
    : fusion;
}

/** More distinct content words than `fusion.longWords`: a customer's long message rather than a question. */
export const isLongMessage = (query: string, fusion: FusionWeights) =>
  new Set(wordsOf(query).filter((word) => !stopWords.has(word))).size > fusion.longWords;

/** How many chunks the full-text leg may rank for this question (see SHORT_CANDIDATE_BUDGET). */
export const candidateBudgetFor = (query: string, fusion: FusionWeights) =>
  isLongMessage(query, fusion) ? CANDIDATE_BUDGET : SHORT_CANDIDATE_BUDGET;

/**
 * The words weighed as synonyms (below the customer's own): the question's synonyms, and the hints as given.
 * Hints are the help centre's own words already; their synonyms (customers' ways of saying them) are not
 * added: on the scenario suite's first messages they pulled "damaged" articles up for missing items.
 */
export function expansionOf(query: string, hints: readonly string[]): string {
  return [synonymsOf(query), ...hints].filter(Boolean).join(' ');
}

/** Ranking parameters; the defaults are the measured ones, a benchmark may try others. */
export interface SearchTuning {
  bm25: Bm25Parameters;
  fusion: FusionWeights;
  /**
   * SHORT_CANDIDATE_BUDGET for a question, CANDIDATE_BUDGET for a long message by default; a small corpus in a
   * test reaches a small one.
   */
  candidateBudget?: number;
}

export class KnowledgeSearch {
  constructor(
    private readonly deps: {
      store: KnowledgeStore;
      embedder: Embedder;
      logger?: Logger;
      tuning?: Partial<SearchTuning>;
    },
  ) {}

  /** 'hybrid' where the database has pgvector, else 'text' (said once at start-up by the runtime). */
  async capability(): Promise<'hybrid' | 'text'> {
    return (await this.deps.store.hasVectors()) ? 'hybrid' : 'text';
  }

  /** Best chunks for a question; [] when nothing matches. */
  searchChunks(tenantId: string, question: string, options: SearchOptions = {}): Promise<ChunkHit[]> {
    return timeKnowledgeSearch(async () => (await this.search(tenantId, question, options)).map(toHit));
  }

  /** The fused rows; with `documents`, the best chunk of each of the first that many documents has its body. */
  private async search(
    tenantId: string,
    question: string,
    options: SearchOptions,
    documents?: number,
  ): Promise<FusedRow[]> {
    const { store } = this.deps;
    const query = question.length > MAX_QUERY_CHARS ? question.slice(0, MAX_QUERY_CHARS) : question;
    // Row counts are written into the statement (see search-sql.ts), so only whole positive ones get there.
    const limit = Math.floor(options.limit ?? 10);
    if (!(limit >= 1)) return [];
    const requested = options.mode ?? 'hybrid';
    const mode = (await store.hasVectors()) ? requested : 'text';
    const vector = mode === 'text' ? undefined : await this.embedQuery(query);
    if (mode === 'vector' && !vector) return [];
    const visibility = options.visibility ?? 'public';
    const shape = {
      text: mode !== 'vector',
      vector: vector !== undefined,
      visibility: visibility !== 'all',
      productArea: Boolean(options.productArea),
      language: Boolean(options.language),
    };
    const fusion = this.deps.tuning?.fusion ?? FUSION;
    const candidates = Math.max(40, limit * 2);
    const { text, params } = searchStatement(shape, {
      tenantId,
      query,
      expansion: expansionOf(query, options.hints ?? []),
      stopWords: stopWordsOf(options.language),
      bm25: this.deps.tuning?.bm25 ?? BM25,
      fusion: fusionFor(query, fusion),
      ...(vector ? { vector, embedder: this.deps.embedder.name } : {}),
      maxDistance: MAX_DISTANCE,
      candidates,
      limit,
      ...(documents === undefined ? {} : { documents }),
      candidateBudget: this.deps.tuning?.candidateBudget ?? candidateBudgetFor(query, fusion),
      visibility,
      ...(options.productArea ? { productArea: options.productArea } : {}),
      ...(options.language ? { language: options.language } : {}),
    });
    // PostgreSQL would otherwise plan every search afresh: the generic plan's estimate is worse than the
    // custom ones', so it never switches to it, yet the custom plan is the same plan. Planning took ~2 ms
    // of a vector search, and about 4 ms of the server's 11 for a full-text search on PostgreSQL, whose
    // generic plan also ran no slower (6 ms in all, measured on a desk request).
    // The generic plan stays fresh because the knowledge tables are analysed as they grow
    // (KnowledgeStore.refreshStatistics, or autovacuum on a server). Where the database keeps sessions set so
    // (Database.genericPlans), the search runs there; elsewhere a transaction scopes the setting.
    const { genericPlans } = store.db;
    const setup = [
      ...(genericPlans ? [] : ['SET LOCAL plan_cache_mode = force_generic_plan']),
      ...(shape.vector
        ? [
            `SET LOCAL hnsw.ef_search = ${Math.max(HNSW_EF_SEARCH, candidates)}`,
            // With a narrowing filter, let HNSW keep scanning until enough rows pass it (pgvector 0.8).
            ...(shape.productArea || shape.language ? ['SET LOCAL hnsw.iterative_scan = relaxed_order'] : []),
          ]
        : []),
    ];
    const pool = genericPlans ?? store.db.pool;
    return await runPrepared<FusedRow>(
      pool,
      statementName(text),
      text,
      params,
      setup.join('; ') || undefined,
    );
  }

  /** Best documents (each scored by its best chunk); the form agents cite and draft from. */
  async searchDocuments(
    tenantId: string,
    query: string,
    options: SearchOptions = {},
  ): Promise<DocumentHit[]> {
    const limit = Math.floor(options.limit ?? 5);
    if (!(limit >= 1)) return [];
    // The statement returns the bodies of the first `limit` documents with their chunks: one round trip.
    const rows = await timeKnowledgeSearch(() =>
      this.search(tenantId, query, { ...options, limit: Math.max(30, limit * 6) }, limit),
    );
    const byDocument = new Map<string, ChunkHit[]>();
    const bodyOf = new Map<string, string>();
    for (const row of rows) {
      const chunk = toHit(row);
      byDocument.set(chunk.documentId, [...(byDocument.get(chunk.documentId) ?? []), chunk]);
      if (typeof row.body === 'string') bodyOf.set(chunk.documentId, row.body);
    }
    return [...byDocument.values()].slice(0, limit).map((hits) => {
      const best = hits[0]!;
      return {
        documentId: best.documentId,
        source: best.source,
        title: best.title,
        body: bodyOf.get(best.documentId) ?? hits.map((hit) => hit.text).join('\n\n'),
        productArea: best.productArea,
        visibility: best.visibility,
        score: best.score,
        chunks: hits,
      };
    });
  }

  /** The question's embedding as a pgvector literal; undefined when the embedder is down. */
  private async embedQuery(query: string): Promise<string | undefined> {
    try {
      // What the words imply is embedded with them: "moving to London" shares no letters with an article on
      // shipping outside the United States, and an embedder of letters (the offline one) finds it only so.
      const implied = impliedTermsOf(query);
      const said = implied ? `${query} ${implied}` : query;
      const [vector] = await embedChunks(this.deps.embedder, [{ heading: said, text: said }]);
      return toVectorLiteral(vector!);
    } catch (error) {
      // An embedding service that is down must not take search down: full-text ranking still answers.
      this.deps.logger?.warn({ err: error }, 'query embedding failed; searching full text only');
      return undefined;
    }
  }
}

const rank = (value: string | null) => (value === null ? undefined : Number(value));

const toHit = (row: FusedRow): ChunkHit => ({
  chunkId: row.id,
  documentId: row.document_id,
  source: row.source,
  title: row.title,
  heading: row.heading,
  text: row.text,
  productArea: row.product_area,
  language: row.language,
  visibility: row.visibility as Visibility,
  score: row.score,
  ...(row.text_rank === null ? {} : { textRank: rank(row.text_rank) }),
  ...(row.vector_rank === null ? {} : { vectorRank: rank(row.vector_rank) }),
});
