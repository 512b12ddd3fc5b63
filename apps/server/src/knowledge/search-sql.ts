// The SQL of one knowledge search: both legs (full-text, nearest neighbours), their fusion and the final
// chunk rows in one statement, so a search is one round trip and one (cached) plan. Measured on 50,000
// chunks in PGlite: two legs in two statements plus JS fusion cost about twice as much.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** How many of the question's rarest words select full-text candidates (lexemes are quoted: no user syntax). */
export const RARE_WORDS = 5;
/**
 * A word in more chunks than this ("account", "email" in a big help centre) never selects candidates on its
 * own merit (it still ranks them): it would make PostgreSQL rank thousands of rows. The rarest word always
 * may, so a question of common words still finds something.
 */
export const COMMON_WORD_CHUNKS = 2000;
/** RRF's damping constant: 60 is the value of Cormack et al. and works without tuning. */
export const RRF_K = 60;

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
  /** The question with its synonyms (full-text leg). */
  query: string;
  /** pgvector literal of the question's embedding (vector leg). */
  vector?: string;
  embedder?: string;
  maxDistance: number;
  /** Candidates each leg contributes. */
  candidates: number;
  /** Fused chunks returned. */
  limit: number;
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
}

/** The statement for a shape and its parameters in order; equal shapes give identical text (one plan). */
export function searchStatement(shape: SearchShape, values: SearchValues) {
  const params: unknown[] = [values.tenantId];
  const $ = (value: unknown) => `$${params.push(value)}`;
  // The row counts are part of the text, not parameters: a plan made for "LIMIT 60" is one PostgreSQL can
  // cache and reuse (for an unknown LIMIT it assumes a tenth of the table and will not reuse the plan).
  const candidates = count(values.candidates);
  const limit = count(values.limit);
  const filters = [
    shape.visibility ? ` AND c.visibility = ${$(values.visibility)}` : '',
    shape.productArea ? ` AND c.product_area = ${$(values.productArea)}` : '',
    shape.language ? ` AND c.language = ${$(values.language)}` : '',
  ].join('');
  const ctes: string[] = [];
  const legs: string[] = [];
  if (shape.text) {
    const query = $(values.query);
    const common = $(COMMON_WORD_CHUNKS);
    const rare = $(RARE_WORDS);
    // Candidates come through the GIN index from the question's rarest words and are ranked by all of its
    // words: first the chunks holding two of the rare words; only if those are too few, the chunks holding
    // any one of them (the loose set is the expensive one, so it is not even scanned when not needed). A
    // common word alone would make PostgreSQL rank most of the corpus; the vector leg covers paraphrases.
    ctes.push(
      `words AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ${query}::text))),
      counted AS (
        SELECT w.lexeme, t.chunks, row_number() OVER (ORDER BY t.chunks, w.lexeme) AS n FROM words w
        JOIN knowledge_terms t ON t.tenant_id = $1 AND t.lexeme = w.lexeme AND t.chunks > 0
      ),
      rare AS MATERIALIZED (
        SELECT lexeme, n FROM counted WHERE chunks <= ${common} OR n = 1 ORDER BY n LIMIT ${rare}
      ),
      q AS MATERIALIZED (
        SELECT (SELECT to_tsquery('simple', COALESCE(string_agg(
                  '(' || quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme) || ')', ' | '), ''))
                FROM rare a JOIN rare b ON a.n < b.n) AS pairs,
               (SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), '')) FROM rare) AS single,
               (SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), '')) FROM words) AS every
      ),
      strict AS MATERIALIZED (
        SELECT c.id, ts_rank(c.search, q.every, 1) AS relevance FROM q, knowledge_chunks c
        WHERE c.tenant_id = $1 AND c.live AND c.search @@ q.pairs${filters}
        ORDER BY relevance DESC, c.id LIMIT ${candidates}
      ),
      text_leg AS MATERIALIZED (
        SELECT id, row_number() OVER (ORDER BY relevance DESC, id) AS rank FROM (
          SELECT id, relevance FROM strict WHERE (SELECT count(*) FROM strict) >= ${candidates}
          UNION ALL
          (SELECT c.id, ts_rank(c.search, q.every, 1) AS relevance FROM q, knowledge_chunks c
           WHERE (SELECT count(*) FROM strict) < ${candidates}
             AND c.tenant_id = $1 AND c.live AND c.search @@ q.single${filters}
           ORDER BY relevance DESC, c.id LIMIT ${candidates})
        ) ranked
      )`,
    );
    legs.push(`SELECT id, rank, 'text' AS leg FROM text_leg`);
  }
  if (shape.vector) {
    const vector = $(values.vector);
    const embedder = $(values.embedder);
    const maxDistance = $(values.maxDistance);
    ctes.push(
      `vector_leg AS MATERIALIZED (
        SELECT chunk_id AS id, row_number() OVER (ORDER BY distance, chunk_id) AS rank FROM (
          SELECT v.chunk_id, v.embedding <=> ${vector}::vector AS distance
          FROM knowledge_vectors v JOIN knowledge_chunks c ON c.tenant_id = v.tenant_id AND c.id = v.chunk_id
          WHERE v.tenant_id = $1 AND v.embedder = ${embedder} AND c.live${filters}
          ORDER BY v.embedding <=> ${vector}::vector
          LIMIT ${candidates}
        ) nearest WHERE distance < ${maxDistance}::float8
      )`,
    );
    legs.push(`SELECT id, rank, 'vector' AS leg FROM vector_leg`);
  }
  // Reciprocal rank fusion in SQL, so only the fused top rows are joined to their text and documents.
  // Ties break on the id in byte order ("C"), the same on every database and in JS.
  const text = `WITH ${ctes.join(',\n')},
    fused AS (
      SELECT id, sum(1.0::float8 / (${RRF_K} + rank)) AS score,
             min(rank) FILTER (WHERE leg = 'text') AS text_rank,
             min(rank) FILTER (WHERE leg = 'vector') AS vector_rank
      FROM (${legs.join(' UNION ALL ')}) legs
      GROUP BY id ORDER BY score DESC, id COLLATE "C" LIMIT ${limit}
    )
    SELECT c.id, c.document_id, d.source, d.title, c.heading, c.text, c.product_area, c.language, c.visibility,
           f.score, f.text_rank, f.vector_rank
    FROM fused f
    JOIN knowledge_chunks c ON c.tenant_id = $1 AND c.id = f.id
    JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
    ORDER BY f.score DESC, f.id COLLATE "C"`;
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
