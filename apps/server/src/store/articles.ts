// Help-centre articles and their full-text ranking (the knowledge issue adds vectors and hybrid fusion).
import { createHash } from 'node:crypto';
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface ArticleRecord {
  id: string;
  title: string;
  category: string;
  body: string;
  visibility: 'public' | 'internal';
  updatedAt: string;
}

export interface ArticleHit extends ArticleRecord {
  rank: number;
}

interface ArticleRow {
  id: string;
  title: string;
  category: string;
  body: string;
  visibility: 'public' | 'internal';
  updated_at: Date;
  rank?: number;
}

const toArticle = (row: ArticleRow): ArticleRecord => ({
  id: row.id,
  title: row.title,
  category: row.category,
  body: row.body,
  visibility: row.visibility,
  updatedAt: iso(row.updated_at)!,
});

/**
 * Any-word query over the stemmed words of the text: a customer's sentence rarely has every word of the
 * right article, so the words are OR-ed and ranking does the rest. Lexemes are quoted, so no user text
 * is ever parsed as tsquery syntax.
 */
export const anyWordQuery = `(SELECT to_tsquery('simple', COALESCE(string_agg(quote_literal(lexeme), ' | '), ''))
  FROM unnest(to_tsvector('english', $2)))`;

export class ArticleRepository {
  constructor(private readonly db: Database) {}

  /** Inserts or updates an article; returns false when its content is unchanged (nothing written). */
  async upsert(tenantId: string, article: Omit<ArticleRecord, 'updatedAt'>, q: Queryable = this.db) {
    const hash = createHash('sha256')
      .update(`${article.title}\n${article.category}\n${article.body}`)
      .digest('hex');
    const rows = await q.query(
      `INSERT INTO articles (tenant_id, id, title, category, body, visibility, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, id) DO UPDATE SET title = EXCLUDED.title, category = EXCLUDED.category,
         body = EXCLUDED.body, visibility = EXCLUDED.visibility, content_hash = EXCLUDED.content_hash,
         updated_at = now()
       WHERE articles.content_hash <> EXCLUDED.content_hash
       RETURNING id`,
      [tenantId, article.id, article.title, article.category, article.body, article.visibility, hash],
    );
    return rows.length === 1;
  }

  async get(tenantId: string, id: string): Promise<ArticleRecord | undefined> {
    const [row] = await this.db.query<ArticleRow>('SELECT * FROM articles WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toArticle(row);
  }

  /** Every article, by category then title; public ones only when `publicOnly`. */
  async list(tenantId: string, publicOnly = false): Promise<ArticleRecord[]> {
    const rows = await this.db.query<ArticleRow>(
      `SELECT id, title, category, body, visibility, updated_at FROM articles
       WHERE tenant_id = $1 AND (NOT $2 OR visibility = 'public') ORDER BY category, title, id`,
      [tenantId, publicOnly],
    );
    return rows.map(toArticle);
  }

  /** Best-ranked public articles for free text; an empty array when no word matches. */
  async search(tenantId: string, text: string, limit = 5): Promise<ArticleHit[]> {
    const rows = await this.db.query<ArticleRow & { rank: number }>(
      `SELECT a.*, ts_rank(a.search, q.query, 1) AS rank
       FROM articles a, ${anyWordQuery} AS q(query)
       WHERE a.tenant_id = $1 AND a.visibility = 'public' AND a.search @@ q.query
       ORDER BY rank DESC, a.id
       LIMIT $3`,
      [tenantId, text, limit],
    );
    return rows.map((row) => ({ ...toArticle(row), rank: Number(row.rank) }));
  }

  async count(tenantId: string): Promise<number> {
    const [row] = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM articles WHERE tenant_id = $1',
      [tenantId],
    );
    return Number(row?.n ?? 0);
  }
}
