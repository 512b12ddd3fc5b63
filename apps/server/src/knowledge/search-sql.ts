// The SQL of one knowledge search: both legs (full-text, nearest neighbours), their fusion and the final
// chunk rows in one statement, so a search is one round trip and one (cached) plan. Measured on 50,000
// chunks in PGlite: two legs in two statements plus JS fusion cost about twice as much.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Full-text candidates are the live chunks holding any of the question's words, best weighted first, as long
 * as those words together are in at most this many chunks: ranking is per candidate, so this bounds the work,
 * and a common word alone never makes PostgreSQL rank the corpus. In a help centre of a few thousand chunks
 * every kept word selects, and the ranking is exact BM25. A question of common words only (its best weighted
 * word alone is in more chunks than this; at 50,000 chunks, thousands) has as candidates the chunks holding its
 * best weighted words together instead, as many words as it takes for the chunks expected to hold them all
 * (as if words were independent) to fit.
 */
export const CANDIDATE_BUDGET = 1000;
/**
 * The budget of a short question (see isLongMessage in search.ts). Its few words are each in many chunks at
 * scale, and ranking the chunks that hold only its commoner ones is most of a search's time: at 50,000 chunks
 * this budget cut embedded hybrid search by about a third (p50 and p95). StackFAQ's nDCG@10 (a help centre
 * of 453 chunks) is unchanged. A long message keeps the larger budget: its best words are many and spread.
 */
export const SHORT_CANDIDATE_BUDGET = 500;
/**
 * The best weighted words whose pairs are tried first: when enough chunks hold two of them, the chunks that
 * hold only one are not even scanned (they are the expensive, weaker set).
 */
export const PAIR_WORDS = 5;
/** Words of a long question kept for ranking, chosen by weight (idf × saturated count), not by rarity alone. */
export const MAX_QUERY_TERMS = 32;

/** BM25 parameters (Robertson et al.); measured on the StackFAQ validation half (bench/retrieval.ts). */
export interface Bm25Parameters {
  /** Term-frequency saturation in a chunk. */
  k1: number;
  /** Length normalisation (0 none, 1 full) against the corpus's average chunk length. */
  b: number;
  /** Term-frequency saturation in the question: a word a customer repeats counts more, but not linearly. */
  k3: number;
  /** Bonus when the chunk's heading (title and heading path) holds a word too (× `expansion` for a synonym). */
  heading: number;
  /**
   * A synonym's weight (and heading bonus) relative to the customer's own words: "password" added to "reset
   * link" must not count as much as "link", or articles about passwords outrank the one about the link.
   * Measured on the validation halves (bench/retrieval.ts --tune --sweep=expansion); 1 is the old expansion.
   */
  expansion: number;
}
export const BM25: Bm25Parameters = { k1: 2.5, b: 0.9, k3: 1.5, heading: 1, expansion: 0.8 };

/**
 * Weighted reciprocal rank fusion: score = Σ weight(leg) / (k + rank). k 60 is Cormack et al.'s value; the
 * weights are measured on the StackFAQ validation half and the long-message validation half together.
 */
export interface FusionWeights {
  k: number;
  text: number;
  vector: number;
  /** A question with more distinct content words than this is a long message... */
  longWords: number;
  /** ...and its full-text leg weighs this instead of `text`... */
  longText: number;
  /** ...and its vector leg this instead of `vector`. */
  longVector: number;
  /**
   * A prior against chunks that match everything: a chunk with more than `broad` × the corpus's average
   * number of distinct words has its fused score × (its distinct words / (broad × average)) ^ -breadth.
   * Such a chunk (a glossary, an FAQ of everything) shares some words with every question and sits near
   * the middle of the vector space, so both legs keep offering it. Ordinary chunks are left alone: rank
   * fusion's scores are close together, and a prior on every chunk's length reorders the answers too.
   */
  breadth: number;
  broad: number;
  /**
   * The same prior for a document split into many chunks (a catch-all FAQ of short answers): each chunk is
   * ordinary, but with one per topic some chunk of it is near every question. A chunk of a document with more
   * than `documentBroad` live chunks has its score × (its document's chunks / documentBroad) ^ -documentBreadth.
   * Measured on the validation halves with a 29-chunk FAQ of every thread added: it was in 50% of the short
   * questions' top 10s and 70% of the long messages', and costs the long ones 0.013 nDCG@10; 1 over 16 chunks
   * halves the crowding and wins back 0.011, and leaves the threads alone (the longest has 16 chunks).
   */
  documentBreadth: number;
  documentBroad: number;
}
export const FUSION: FusionWeights = {
  k: 20,
  text: 1,
  vector: 0.5,
  longWords: 12,
  longText: 0.8,
  longVector: 1,
  breadth: 0.3,
  broad: 1.5,
  documentBreadth: 1,
  documentBroad: 16,
};
/** RRF's damping constant (kept for callers that only need k). */
export const RRF_K = FUSION.k;

export interface SearchShape {
  text: boolean;
  vector: boolean;
  /** Which optional filters are present (their values are parameters). */
  visibility: boolean;
  productArea: boolean;
  language: boolean;
}

export interface SearchValues {
  tenantId: string;
  /** The customer's words (full-text leg). */
  query: string;
  /** Other ways of saying its terms (synonymsOf) and any hints, weighed `bm25.expansion`; '' when none. */
  expansion: string;
  /** PostgreSQL text-search configuration whose stop words the question drops ('simple': none). */
  stopWords: string;
  bm25: Bm25Parameters;
  fusion: FusionWeights;
  /** pgvector literal of the question's embedding (vector leg). */
  vector?: string;
  embedder?: string;
  maxDistance: number;
  /** Candidates each leg contributes. */
  candidates: number;
  /** Fused chunks returned. */
  limit: number;
  /**
   * For a search of documents: how many (in order of their best chunk); the rows then carry the body of each
   * of these documents on its best chunk, so a search is still one round trip.
   */
  documents?: number;
  /** CANDIDATE_BUDGET unless the caller (a short question, a test, a benchmark) sets another. */
  candidateBudget?: number;
  visibility?: string;
  productArea?: string;
  language?: string;
}

export interface FusedRow {
  id: string;
  document_id: string;
  source: string;
  title: string;
  heading: string;
  text: string;
  product_area: string;
  language: string;
  visibility: string;
  score: number;
  text_rank: string | null;
  vector_rank: string | null;
  /** Only with `documents`: the document's body on its best chunk, else null. */
  body?: string | null;
}

/** The statement for a shape and its parameters in order; equal shapes give identical text (one plan). */
export function searchStatement(shape: SearchShape, values: SearchValues) {
  const params: unknown[] = [values.tenantId];
  const $ = (value: unknown) => `$${params.push(value)}`;
  // The row counts are part of the text, not parameters: a plan made for "LIMIT 60" is one PostgreSQL can
  // cache and reuse (for an unknown LIMIT it assumes a tenth of the table and will not reuse the plan).
  const candidates = count(values.candidates);
  const limit = count(values.limit);
  const documents = values.documents === undefined ? undefined : count(values.documents);
  const filters = [
    shape.visibility ? ` AND c.visibility = ${$(values.visibility)}` : '',
    shape.productArea ? ` AND c.product_area = ${$(values.productArea)}` : '',
    shape.language ? ` AND c.language = ${$(values.language)}` : '',
  ].join('');
  const ctes: string[] = [];
  const legs: string[] = [];
  // The corpus's size and average chunk length (in distinct words): BM25 and the breadth prior use them.
  ctes.push(`corpus AS MATERIALIZED (
        SELECT greatest(chunks, 1)::float8 AS n, greatest(lexemes::float8 / greatest(chunks, 1), 1) AS avglen
        FROM knowledge_corpus WHERE tenant_id = $1
        UNION ALL SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM knowledge_corpus WHERE tenant_id = $1)
      )`);
  if (shape.text) {
    const query = $(values.query);
    const budget = values.candidateBudget ?? CANDIDATE_BUDGET;
    const { k1, b, k3, heading, expansion } = values.bm25;
    // One BM25 term of a chunk: the word's weight (idf × saturated count in the question) × its saturated,
    // length-normalised count in the chunk, plus a bonus for words its heading holds. The chunk's vector is
    // cut down to the question's words first so only a handful of lexemes are unnested per candidate: mark them
    // D and keep only D (no chunk word has weight D: the heading's are A, the text's B), one pass over the chunk's
    // vector fewer than marking every word D first and the question's A (6-8% of full-text search's CPU time at
    // 50,000 chunks, the same results). Ranking is per candidate, so its cost is per-row overhead: one subquery per
    // candidate (the heading's words read from the array each chunk keeps, migration 013s) and the words'
    // weights looked up by position in arrays rather than joined. Measured at 50,000 chunks.
    const bm25 = `(SELECT sum(q.weights[array_position(q.terms, u.lexeme)] * (cardinality(u.positions) * (${$(k1)}::float8 + 1)
        / (cardinality(u.positions) + ${$(k1)}::float8 * (1 - ${$(b)}::float8 + ${$(b)}::float8 * r.len / s.avglen))
        + CASE WHEN u.lexeme = ANY (c.heading_words) THEN q.bonuses[array_position(q.terms, u.lexeme)] ELSE 0 END))
      FROM (SELECT length(c.search) AS len) r,
        unnest(ts_filter(setweight(c.search, 'D', q.terms), '{d}')) u)`;
    ctes.push(
      `kept AS MATERIALIZED (
        SELECT coalesce(array_agg(p), '{}'::smallint[]) AS positions
        FROM unnest(to_tsvector(${$(values.stopWords)}::regconfig, ${query}::text)) l, unnest(l.positions) p
      ),
      weighted AS MATERIALIZED (
        SELECT lexeme, chunks, weight, factor, row_number() OVER (ORDER BY weight DESC, lexeme) AS n FROM (
          SELECT e.lexeme, t.chunks, e.factor, ln(1 + (s.n - t.chunks + 0.5) / (t.chunks + 0.5))
                   * (${$(k3)}::float8 + 1) * e.count / (${$(k3)}::float8 + e.count) * e.factor AS weight
          FROM (
            -- A word counts as often as the question and its synonyms say it; it weighs fully if the customer
            -- wrote it, the synonyms' weight if only a synonym says it.
            SELECT lexeme, sum(count) AS count, max(factor) AS factor FROM (
              SELECT o.lexeme, cardinality(o.positions) AS count, 1::float8 AS factor
              FROM unnest(to_tsvector('english', ${query}::text)) o, kept WHERE o.positions && kept.positions
              UNION ALL
              SELECT x.lexeme, cardinality(x.positions), ${$(expansion)}::float8
              FROM unnest(to_tsvector('english', ${$(values.expansion)}::text)) x
            ) said GROUP BY lexeme
          ) e
          JOIN knowledge_terms t ON t.tenant_id = $1 AND t.lexeme = e.lexeme AND t.chunks > 0, corpus s
        ) scored ORDER BY weight DESC, lexeme LIMIT ${$(MAX_QUERY_TERMS)}
      ),
      selecting AS MATERIALIZED (
        SELECT lexeme, n FROM (SELECT lexeme, n, sum(chunks) OVER (ORDER BY n) AS reach FROM weighted) w
        WHERE reach <= ${$(budget)} OR n = 1
      ),
      narrowing AS MATERIALIZED (
        SELECT lexeme FROM (
          SELECT lexeme, n, lag(expected) OVER (ORDER BY n) AS before FROM (
            SELECT w.lexeme, w.n, s.n * exp(sum(ln(w.chunks / s.n)) OVER (ORDER BY w.n)) AS expected
            FROM weighted w, corpus s
          ) e
        ) together WHERE before IS NULL OR before > ${$(budget)}
      ),
      pairing AS MATERIALIZED (SELECT lexeme, n FROM selecting ORDER BY n LIMIT ${$(PAIR_WORDS)}),
      q AS MATERIALIZED (
        SELECT (SELECT to_tsquery('simple', COALESCE(string_agg(
                  '(' || quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme) || ')', ' | '), ''))
                FROM pairing a JOIN pairing b ON a.n < b.n) AS pairs,
               CASE WHEN (SELECT chunks FROM weighted WHERE n = 1) > ${$(budget)}
                 THEN (SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' & ')) FROM narrowing)
                 ELSE (SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), '')) FROM selecting)
               END AS single,
               (SELECT coalesce(array_agg(lexeme ORDER BY n), '{}') FROM weighted) AS terms,
               (SELECT coalesce(array_agg(weight ORDER BY n), '{}') FROM weighted) AS weights,
               (SELECT coalesce(array_agg(factor * ${$(heading)}::float8 ORDER BY n), '{}') FROM weighted) AS bonuses
      ),
      strict AS MATERIALIZED (
        SELECT c.id, ${bm25} AS relevance FROM q, corpus s, knowledge_chunks c
        WHERE c.tenant_id = $1 AND c.live AND c.search @@ q.pairs${filters}
        ORDER BY relevance DESC, c.id LIMIT ${candidates}
      ),
      text_leg AS MATERIALIZED (
        SELECT t.id, c.document_id, length(c.search) AS len, t.rank FROM (
          SELECT id, row_number() OVER (ORDER BY relevance DESC, id) AS rank FROM (
            SELECT id, relevance FROM strict WHERE (SELECT count(*) FROM strict) >= ${candidates}
            UNION ALL
            (SELECT c.id, ${bm25} AS relevance FROM q, corpus s, knowledge_chunks c
             WHERE (SELECT count(*) FROM strict) < ${candidates}
               AND c.tenant_id = $1 AND c.live AND c.search @@ q.single${filters}
             ORDER BY relevance DESC, c.id LIMIT ${candidates})
          ) ranked
        ) t JOIN knowledge_chunks c ON c.tenant_id = $1 AND c.id = t.id
      )`,
    );
    legs.push(`SELECT id, document_id, len, rank, 'text' AS leg FROM text_leg`);
  }
  if (shape.vector) {
    const vector = $(values.vector);
    const embedder = $(values.embedder);
    const maxDistance = $(values.maxDistance);
    ctes.push(
      `vector_leg AS MATERIALIZED (
        SELECT chunk_id AS id, document_id, len, row_number() OVER (ORDER BY distance, chunk_id) AS rank FROM (
          SELECT v.chunk_id, c.document_id, length(c.search) AS len, v.embedding <=> ${vector}::vector AS distance
          FROM knowledge_vectors v JOIN knowledge_chunks c ON c.tenant_id = v.tenant_id AND c.id = v.chunk_id
          WHERE v.tenant_id = $1 AND v.embedder = ${embedder} AND c.live${filters}
          ORDER BY v.embedding <=> ${vector}::vector
          LIMIT ${candidates}
        ) nearest WHERE distance < ${maxDistance}::float8
      )`,
    );
    legs.push(`SELECT id, document_id, len, rank, 'vector' AS leg FROM vector_leg`);
  }
  // Weighted reciprocal rank fusion in SQL, so only the fused top rows are joined to their text and documents.
  // Ties break on the id in byte order ("C"), the same on every database and in JS. Each leg hands on its
  // chunks' document and length (the vector leg has the chunk row already), so the priors read only each
  // candidate's document count, by key: as a join, the generic plan hashed every document of the tenant.
  // Measured at 50,000 chunks (embedded), with the document bodies in the same statement (below) rather than a
  // second one: a search of documents takes 7-17% less CPU time (hybrid, p50), a fifth less (vector leg alone),
  // with the same results.
  const text = `WITH ${ctes.join(',\n')},
    ranked AS (
      SELECT id, document_id, len, sum(CASE leg WHEN 'text' THEN ${$(values.fusion.text)}::float8
                              ELSE ${$(values.fusion.vector)}::float8 END / (${$(values.fusion.k)}::float8 + rank)) AS score,
             min(rank) FILTER (WHERE leg = 'text') AS text_rank,
             min(rank) FILTER (WHERE leg = 'vector') AS vector_rank
      FROM (${legs.join(' UNION ALL ')}) legs
      GROUP BY id, document_id, len
    ),
    fused AS (
      SELECT r.id, r.document_id,
             r.score * power(greatest(r.len / (${$(values.fusion.broad)}::float8 * s.avglen), 1),
                       -${$(values.fusion.breadth)}::float8)
                     * power(greatest((SELECT d.live_chunks FROM knowledge_documents d
                                       WHERE d.tenant_id = $1 AND d.id = r.document_id)
                                      / ${$(values.fusion.documentBroad)}::float8, 1),
                       -${$(values.fusion.documentBreadth)}::float8) AS score,
             r.text_rank, r.vector_rank
      FROM ranked r, corpus s
      ORDER BY score DESC, r.id COLLATE "C" LIMIT ${limit}
    )${
      documents === undefined
        ? `
    SELECT c.id, f.document_id, d.source, d.title, c.heading, c.text, c.product_area, c.language, c.visibility,
           f.score, f.text_rank, f.vector_rank
    FROM fused f JOIN knowledge_chunks c ON c.tenant_id = $1 AND c.id = f.id
      JOIN knowledge_documents d ON d.tenant_id = $1 AND d.id = f.document_id
    ORDER BY f.score DESC, f.id COLLATE "C"`
        : `,
    -- Each document's best chunk, and how many documents have appeared by it, in the order returned.
    firsts AS (
      SELECT f.*, count(*) FILTER (WHERE nth = 1) OVER (ORDER BY score DESC, id COLLATE "C") AS documents
      FROM (SELECT f.*, row_number() OVER (PARTITION BY document_id ORDER BY score DESC, id COLLATE "C") AS nth
            FROM fused f) f
    )
    SELECT c.id, f.document_id, d.source, d.title, c.heading, c.text, c.product_area, c.language, c.visibility,
           f.score, f.text_rank, f.vector_rank, CASE WHEN f.nth = 1 AND f.documents <= ${documents} THEN d.body END AS body
    FROM firsts f JOIN knowledge_chunks c ON c.tenant_id = $1 AND c.id = f.id
      JOIN knowledge_documents d ON d.tenant_id = $1 AND d.id = f.document_id
    ORDER BY f.score DESC, f.id COLLATE "C"`
    }`;
  return { text, params };
}

function count(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`not a row count: ${value}`);
  return value;
}

/** A name per statement text: the same search shape reuses one prepared statement (and its plan). */
export const statementName = (text: string) =>
  `kb_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

/**
 * Runs a named (prepared) statement: parsing and planning a search costs as much as running it, so each
 * connection prepares it once. `setup` runs first in the same transaction (SET LOCAL of search settings).
 */
export async function runPrepared<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: unknown[],
  setup?: string,
): Promise<Row[]> {
  const client = await pool.connect();
  const attempt = async () => {
    if (!setup) return (await client.query<Row>({ name, text, values })).rows;
    await client.query(`BEGIN; ${setup}`);
    try {
      const { rows } = await client.query<Row>({ name, text, values });
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  try {
    return await attempt();
  } catch (error) {
    // The embedded database is one session behind a socket: a statement prepared over an earlier
    // connection (the pool closes idle ones) is still there, unknown to this one. Drop it and prepare again.
    if ((error as { code?: string }).code !== '42P05') throw error;
    await client.query(`DEALLOCATE ${name}`);
    return await attempt();
  } finally {
    client.release();
  }
}
