// Hybrid knowledge search: PostgreSQL full-text ranking and pgvector (HNSW) nearest neighbours, each over
// live chunks only and filtered by tenant, product area, language and visibility, fused with reciprocal
// rank fusion. Without pgvector it is full-text ranking alone.
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/index.js';
import type { Embedder } from './embedder.js';
import { toVectorLiteral } from './embedder.js';
import { embedChunks } from './embedding.js';
import type { KnowledgeStore, Visibility } from './store.js';
import { expandQuery } from './synonyms.js';

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

/** RRF's damping constant: 60 is the value of Cormack et al. and works without tuning. */
export const RRF_K = 60;
/**
 * Nearest neighbours always exist; ones this far away (cosine similarity under 0.1) share nothing with the
 * question but hash collisions, so they are not offered as matches.
 */
export const MAX_DISTANCE = 0.9;

/** How many of the question's rarest words select full-text candidates (lexemes are quoted: no user syntax). */
export const RARE_WORDS = 5;
/**
 * A word in more chunks than this ("account", "email" in a big help centre) never selects candidates on its
 * own merit (it still ranks them): it would make PostgreSQL rank thousands of rows. The rarest word always
 * may, so a question of common words still finds something.
 */
export const COMMON_WORD_CHUNKS = 2000;

interface ChunkRow {
  id: string;
  document_id: string;
  source: string;
  title: string;
  heading: string;
  text: string;
  product_area: string;
  language: string;
  visibility: Visibility;
}

const columns = `c.id, c.document_id, d.source, d.title, c.heading, c.text, c.product_area, c.language, c.visibility`;

function filterSql(filters: SearchFilters, params: unknown[]): string {
  const clauses: string[] = [];
  const visibility = filters.visibility ?? 'public';
  if (visibility !== 'all') clauses.push(`c.visibility = $${params.push(visibility)}`);
  if (filters.productArea) clauses.push(`c.product_area = $${params.push(filters.productArea)}`);
  if (filters.language) clauses.push(`c.language = $${params.push(filters.language)}`);
  return clauses.map((clause) => ` AND ${clause}`).join('');
}

export class KnowledgeSearch {
  constructor(private readonly deps: { store: KnowledgeStore; embedder: Embedder; logger?: Logger }) {}

  /** 'hybrid' where the database has pgvector, else 'text' (said once at start-up by the runtime). */
  async capability(): Promise<'hybrid' | 'text'> {
    return (await this.deps.store.hasVectors()) ? 'hybrid' : 'text';
  }

  /** Best chunks for a question; [] when nothing matches. */
  async searchChunks(tenantId: string, query: string, options: SearchOptions = {}): Promise<ChunkHit[]> {
    const limit = options.limit ?? 10;
    const candidates = Math.max(40, limit * 2);
    const requested = options.mode ?? 'hybrid';
    const vectors = await this.deps.store.hasVectors();
    const mode = vectors ? requested : 'text';
    const [text, vector] = await Promise.all([
      mode === 'vector' ? [] : this.textCandidates(tenantId, query, options, candidates),
      mode === 'text' ? [] : this.vectorCandidates(tenantId, query, options, candidates),
    ]);
    const fused = new Map<string, ChunkHit>();
    const add = (rows: ChunkRow[], key: 'textRank' | 'vectorRank') =>
      rows.forEach((row, index) => {
        const hit = fused.get(row.id) ?? toHit(row);
        hit[key] = index + 1;
        hit.score += 1 / (RRF_K + index + 1);
        fused.set(row.id, hit);
      });
    add(text, 'textRank');
    add(vector, 'vectorRank');
    return [...fused.values()]
      .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId))
      .slice(0, limit);
  }

  /** Best documents (each scored by its best chunk); the form agents cite and draft from. */
  async searchDocuments(
    tenantId: string,
    query: string,
    options: SearchOptions = {},
  ): Promise<DocumentHit[]> {
    const limit = options.limit ?? 5;
    const chunks = await this.searchChunks(tenantId, query, { ...options, limit: Math.max(30, limit * 6) });
    const byDocument = new Map<string, ChunkHit[]>();
    for (const chunk of chunks)
      byDocument.set(chunk.documentId, [...(byDocument.get(chunk.documentId) ?? []), chunk]);
    const top = [...byDocument.values()].slice(0, limit);
    if (top.length === 0) return [];
    const bodies = await this.deps.store.db.query<{ id: string; body: string }>(
      'SELECT id, body FROM knowledge_documents WHERE tenant_id = $1 AND id = ANY ($2)',
      [tenantId, top.map((hits) => hits[0]!.documentId)],
    );
    const bodyOf = new Map(bodies.map((row) => [row.id, row.body]));
    return top.map((hits) => {
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

  /**
   * Candidates come through the GIN index from the question's rarest words and are ranked by all of its
   * words. First the chunks holding at least two of the rare words; only if those are too few, the chunks
   * holding any one of them. A common word ("account") alone would make PostgreSQL rank most of the corpus;
   * the rare ones are where the answer is, and the vector side covers paraphrases.
   */
  private async textCandidates(tenantId: string, query: string, filters: SearchFilters, limit: number) {
    const strict = await this.textQuery(tenantId, query, filters, limit, true);
    return strict.length >= limit ? strict : this.textQuery(tenantId, query, filters, limit, false);
  }

  private textQuery(tenantId: string, query: string, filters: SearchFilters, limit: number, pairs: boolean) {
    const params: unknown[] = [tenantId, expandQuery(query), limit, RARE_WORDS, pairs, COMMON_WORD_CHUNKS];
    const where = filterSql(filters, params);
    return this.deps.store.db.query<ChunkRow>(
      `WITH words AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', $2))),
       counted AS (
         SELECT w.lexeme, t.chunks, row_number() OVER (ORDER BY t.chunks, w.lexeme) AS n FROM words w
         JOIN knowledge_terms t ON t.tenant_id = $1 AND t.lexeme = w.lexeme AND t.chunks > 0
       ),
       rare AS (
         SELECT lexeme, n FROM counted WHERE chunks <= $6 OR n = 1 ORDER BY n LIMIT $4
       ),
       q AS (
         SELECT CASE WHEN $5::boolean
                  THEN (SELECT to_tsquery('simple', COALESCE(string_agg(
                          '(' || quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme) || ')', ' | '), ''))
                        FROM rare a JOIN rare b ON a.n < b.n)
                  ELSE (SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), '')) FROM rare)
                END AS narrow,
                (SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), '')) FROM words) AS every
       )
       SELECT ${columns}
       FROM q, knowledge_chunks c
       JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
       WHERE c.tenant_id = $1 AND c.live AND c.search @@ q.narrow${where}
       ORDER BY ts_rank(c.search, q.every, 1) DESC, c.id
       LIMIT $3`,
      params,
    );
  }

  private async vectorCandidates(
    tenantId: string,
    query: string,
    filters: SearchFilters,
    limit: number,
  ): Promise<ChunkRow[]> {
    const { embedder, store } = this.deps;
    let vector: Float32Array | undefined;
    try {
      [vector] = await embedChunks(embedder, [{ heading: query, text: query }]);
    } catch (error) {
      // An embedding service that is down must not take search down: full-text ranking still answers.
      this.deps.logger?.warn({ err: error }, 'query embedding failed; searching full text only');
      return [];
    }
    const params: unknown[] = [tenantId, toVectorLiteral(vector!), embedder.name, limit, MAX_DISTANCE];
    const where = filterSql(filters, params);
    const sql = `SELECT ${columns}
       FROM (SELECT v.chunk_id, v.embedding <=> $2::vector AS distance
             FROM knowledge_vectors v JOIN knowledge_chunks c ON c.tenant_id = v.tenant_id AND c.id = v.chunk_id
             WHERE v.tenant_id = $1 AND v.embedder = $3 AND c.live${where}
             ORDER BY v.embedding <=> $2::vector
             LIMIT $4) n
       JOIN knowledge_chunks c ON c.tenant_id = $1 AND c.id = n.chunk_id
       JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
       WHERE n.distance < $5
       ORDER BY n.distance, c.id`;
    // With a narrowing filter, let HNSW keep scanning until it has enough rows that pass it (pgvector 0.8).
    if (!filters.productArea && !filters.language) return store.db.query<ChunkRow>(sql, params);
    return store.db.transaction(async (tx: Queryable) => {
      await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      return tx.query<ChunkRow>(sql, params);
    });
  }
}

const toHit = (row: ChunkRow): ChunkHit => ({
  chunkId: row.id,
  documentId: row.document_id,
  source: row.source,
  title: row.title,
  heading: row.heading,
  text: row.text,
  productArea: row.product_area,
  language: row.language,
  visibility: row.visibility,
  score: 0,
});
