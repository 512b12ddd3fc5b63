// SQL for the knowledge base: documents with a published version and at most one pending version, their
// chunks (live only once published) and their vectors per embedder. A version becomes visible to search in
// one transaction, so search never sees half of an ingestion.
import type { Database, Queryable } from '../store/index.js';
import type { Chunk } from './chunking.js';
import { toVectorLiteral } from './embedder.js';

export type Visibility = 'public' | 'internal';

export interface DocumentMeta {
  productArea: string;
  language: string;
  visibility: Visibility;
}

export interface StagedVersion extends DocumentMeta {
  source: string;
  title: string;
  contentType: string;
  body: string;
  /** Hash of title, body and metadata: an identical re-ingestion is recognised and skipped. */
  hash: string;
  chunks: Chunk[];
}

export interface KnowledgeDocument extends DocumentMeta {
  id: string;
  source: string;
  title: string;
  contentType: string;
  status: 'pending' | 'ready' | 'failed';
  contentHash: string | null;
  pendingHash: string | null;
  lastError: string | null;
  chunks: number;
  updatedAt: string;
}

interface DocumentRow {
  id: string;
  source: string;
  title: string;
  content_type: string;
  product_area: string;
  language: string;
  visibility: Visibility;
  status: KnowledgeDocument['status'];
  content_hash: string | null;
  pending_hash: string | null;
  last_error: string | null;
  chunks?: string | number;
  updated_at: Date | string;
}

const toDocument = (row: DocumentRow): KnowledgeDocument => ({
  id: row.id,
  source: row.source,
  title: row.title,
  contentType: row.content_type,
  productArea: row.product_area,
  language: row.language,
  visibility: row.visibility,
  status: row.status,
  contentHash: row.content_hash,
  pendingHash: row.pending_hash,
  lastError: row.last_error,
  chunks: Number(row.chunks ?? 0),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export const chunkId = (documentId: string, contentHash: string) =>
  `${documentId}:${contentHash.slice(0, 16)}`;

export class KnowledgeStore {
  private vectors: boolean | undefined;

  constructor(readonly db: Database) {}

  /** Whether this database has the vector table (pgvector installed when the migration ran). */
  async hasVectors(): Promise<boolean> {
    if (this.vectors === undefined) {
      const [row] = await this.db.query<{ present: boolean }>(
        `SELECT to_regclass('knowledge_vectors') IS NOT NULL AS present`,
      );
      this.vectors = row?.present === true;
    }
    return this.vectors;
  }

  async bySource(tenantId: string, source: string, q: Queryable = this.db) {
    const [row] = await q.query<DocumentRow & { pending_chunks: string[] | null }>(
      `SELECT d.*, (SELECT count(*) FROM knowledge_chunks c
                    WHERE c.tenant_id = d.tenant_id AND c.document_id = d.id AND c.live) AS chunks
       FROM knowledge_documents d WHERE d.tenant_id = $1 AND d.source = $2`,
      [tenantId, source],
    );
    return row && { ...toDocument(row), pendingChunks: row.pending_chunks };
  }

  async get(tenantId: string, id: string): Promise<KnowledgeDocument | undefined> {
    const [row] = await this.db.query<DocumentRow>(
      `SELECT d.*, (SELECT count(*) FROM knowledge_chunks c
                    WHERE c.tenant_id = d.tenant_id AND c.document_id = d.id AND c.live) AS chunks
       FROM knowledge_documents d WHERE d.tenant_id = $1 AND d.id = $2`,
      [tenantId, id],
    );
    return row && toDocument(row);
  }

  async list(tenantId: string, limit = 100, offset = 0): Promise<KnowledgeDocument[]> {
    const rows = await this.db.query<DocumentRow>(
      `SELECT d.*, (SELECT count(*) FROM knowledge_chunks c
                    WHERE c.tenant_id = d.tenant_id AND c.document_id = d.id AND c.live) AS chunks
       FROM knowledge_documents d WHERE d.tenant_id = $1 ORDER BY d.source LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    );
    return rows.map(toDocument);
  }

  /** Another document whose published content is identical (same hash), if any. */
  async duplicateOf(tenantId: string, hash: string, source: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ source: string }>(
      `SELECT source FROM knowledge_documents WHERE tenant_id = $1 AND content_hash = $2 AND source <> $3 LIMIT 1`,
      [tenantId, hash, source],
    );
    return row?.source;
  }

  /**
   * Writes a version as pending: the document row (new, or its pending fields), and the chunks it does not
   * already have, not yet live. The published version, if any, stays what search sees.
   */
  async stage(tenantId: string, documentId: string, version: StagedVersion): Promise<void> {
    const meta = {
      productArea: version.productArea,
      language: version.language,
      visibility: version.visibility,
    };
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO knowledge_documents (tenant_id, id, source, title, content_type, product_area, language,
           visibility, status, pending_hash, pending_chunks, pending_body, pending_title, pending_meta)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $4, $12)
         ON CONFLICT (tenant_id, id) DO UPDATE SET status = 'pending', pending_hash = EXCLUDED.pending_hash,
           pending_chunks = EXCLUDED.pending_chunks, pending_body = EXCLUDED.pending_body,
           pending_title = EXCLUDED.pending_title, pending_meta = EXCLUDED.pending_meta,
           content_type = EXCLUDED.content_type, last_error = NULL, updated_at = now()`,
        [
          tenantId,
          documentId,
          version.source,
          version.title,
          version.contentType,
          version.productArea,
          version.language,
          version.visibility,
          version.hash,
          version.chunks.map((chunk) => chunk.contentHash),
          version.body,
          JSON.stringify(meta),
        ],
      );
      // Chunks go in a thousand per statement: ingestion cost is round trips, not rows (and PostgreSQL takes
      // at most 65,535 parameters per statement).
      for (let start = 0; start < version.chunks.length; start += 1000) {
        const params: unknown[] = [
          tenantId,
          documentId,
          version.productArea,
          version.language,
          version.visibility,
        ];
        const rows = version.chunks.slice(start, start + 1000).map((chunk) => {
          params.push(
            chunkId(documentId, chunk.contentHash),
            chunk.ordinal,
            chunk.heading,
            chunk.text,
            chunk.contentHash,
          );
          const n = params.length;
          return `($1, $${n - 4}, $2, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, false, $3, $4, $5)`;
        });
        await tx.query(
          `INSERT INTO knowledge_chunks (tenant_id, id, document_id, ordinal, heading, text, content_hash, live,
             product_area, language, visibility)
           VALUES ${rows.join(', ')}
           ON CONFLICT (tenant_id, id) DO NOTHING`,
          params,
        );
      }
    });
  }

  /** Chunks of the document's pending (or else published) version that have no vector from `embedder`. */
  async chunksWithoutVectors(tenantId: string, documentId: string, embedder: string) {
    return this.db.query<{ id: string; heading: string; text: string }>(
      `SELECT c.id, c.heading, c.text
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
       WHERE c.tenant_id = $1 AND c.document_id = $2
         AND (c.content_hash = ANY (d.pending_chunks) OR (d.pending_chunks IS NULL AND c.live))
         AND NOT EXISTS (SELECT 1 FROM knowledge_vectors v
                         WHERE v.tenant_id = c.tenant_id AND v.chunk_id = c.id AND v.embedder = $3)
       ORDER BY c.ordinal`,
      [tenantId, documentId, embedder],
    );
  }

  async storeVectors(
    tenantId: string,
    embedder: string,
    vectors: Array<{ chunkId: string; vector: Float32Array }>,
  ): Promise<void> {
    for (let start = 0; start < vectors.length; start += 1000) {
      const params: unknown[] = [tenantId, embedder];
      const values = vectors.slice(start, start + 1000).map(({ chunkId: id, vector }) => {
        params.push(id, toVectorLiteral(vector));
        return `($1, $${params.length - 1}, $2, $${params.length}::vector)`;
      });
      await this.db.query(
        `INSERT INTO knowledge_vectors (tenant_id, chunk_id, embedder, embedding) VALUES ${values.join(', ')}
         ON CONFLICT (tenant_id, chunk_id, embedder) DO UPDATE SET embedding = EXCLUDED.embedding`,
        params,
      );
    }
  }

  /**
   * Makes the pending version the published one, in one transaction: its chunks go live (in its order, with
   * its metadata), chunks only the old version had are deleted with their vectors, and vectors of other
   * embedders are dropped. Returns false when `hash` is no longer the pending version (a newer one won).
   */
  async publish(tenantId: string, documentId: string, hash: string, embedder: string): Promise<boolean> {
    const vectors = await this.hasVectors();
    const published = await this.db.transaction(async (tx) => {
      const [doc] = await tx.query<{ pending_hash: string | null }>(
        'SELECT pending_hash FROM knowledge_documents WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [tenantId, documentId],
      );
      if (!doc || doc.pending_hash !== hash) return false;
      // Word counts follow what search sees: chunks leaving count down, chunks going live count up.
      await countTerms(tx, -1, `c.live AND NOT (c.content_hash = ANY (d.pending_chunks))`, [
        tenantId,
        documentId,
      ]);
      await countTerms(tx, 1, `NOT c.live AND c.content_hash = ANY (d.pending_chunks)`, [
        tenantId,
        documentId,
      ]);
      await tx.query(
        `DELETE FROM knowledge_chunks c USING knowledge_documents d
         WHERE d.tenant_id = c.tenant_id AND d.id = c.document_id AND c.tenant_id = $1 AND c.document_id = $2
           AND NOT (c.content_hash = ANY (d.pending_chunks))`,
        [tenantId, documentId],
      );
      await tx.query(
        `UPDATE knowledge_chunks c SET live = true, ordinal = array_position(d.pending_chunks, c.content_hash) - 1,
           product_area = d.pending_meta->>'productArea', language = d.pending_meta->>'language',
           visibility = d.pending_meta->>'visibility'
         FROM knowledge_documents d
         WHERE d.tenant_id = c.tenant_id AND d.id = c.document_id AND c.tenant_id = $1 AND c.document_id = $2`,
        [tenantId, documentId],
      );
      if (vectors) await this.dropOtherVectors(tx, tenantId, documentId, embedder);
      await tx.query(
        `UPDATE knowledge_documents SET status = 'ready', content_hash = pending_hash, body = pending_body,
           title = pending_title, product_area = pending_meta->>'productArea', language = pending_meta->>'language',
           visibility = pending_meta->>'visibility', pending_hash = NULL, pending_chunks = NULL,
           pending_body = NULL, pending_title = NULL, pending_meta = NULL, last_error = NULL, updated_at = now(),
           live_chunks = (SELECT count(*) FROM knowledge_chunks c
                          WHERE c.tenant_id = $1 AND c.document_id = $2 AND c.live)
         WHERE tenant_id = $1 AND id = $2`,
        [tenantId, documentId],
      );
      return true;
    });
    if (published) await this.refreshStatistics();
    return published;
  }

  /**
   * Search keeps its statements prepared with generic plans, made from the knowledge tables' statistics: with
   * none (a knowledge base just loaded) they are plans for an empty corpus (measured: a plan cached on an empty
   * knowledge base took 440 ms per search at 50,000 chunks, 7 ms once analysed). The embedded database has no
   * autovacuum, so nothing else would ever analyse the tables; a server's analyses them only on its next round
   * (a minute by default), so a desk that just loaded its help centre searched with the empty corpus's plan
   * until then (on the demo's: 3.3 ms a search, 2.2 once analysed). As autovacuum would, analyse them when the
   * chunks have grown by a tenth; that also replans.
   */
  async refreshStatistics(): Promise<void> {
    const [row] = await this.db.query<{ grown: boolean }>(
      `SELECT pg_relation_size(oid) / current_setting('block_size')::int > relpages * 1.1 + 8 AS grown
       FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`,
    );
    if (!row?.grown) return;
    await this.db.query('ANALYZE knowledge_documents, knowledge_chunks, knowledge_terms');
    if (await this.hasVectors()) await this.db.query('ANALYZE knowledge_vectors');
  }

  /** After a re-embedding of a published document: only the current embedder's vectors stay. */
  async dropOtherVectors(q: Queryable, tenantId: string, documentId: string, embedder: string) {
    await q.query(
      `DELETE FROM knowledge_vectors v USING knowledge_chunks c
       WHERE c.tenant_id = v.tenant_id AND c.id = v.chunk_id AND v.tenant_id = $1 AND c.document_id = $2
         AND v.embedder <> $3`,
      [tenantId, documentId, embedder],
    );
  }

  /** Records that the pending version could not be embedded; the published version (if any) stays live. */
  async markFailed(tenantId: string, documentId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE knowledge_documents SET status = 'failed', last_error = $3, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND pending_hash IS NOT NULL`,
      [tenantId, documentId, error.slice(0, 2000)],
    );
  }

  /** Documents with a version still waiting for embeddings (re-enqueued at start-up). */
  async pending(tenantId: string): Promise<Array<{ id: string; pendingHash: string }>> {
    const rows = await this.db.query<{ id: string; pending_hash: string }>(
      `SELECT id, pending_hash FROM knowledge_documents WHERE tenant_id = $1 AND pending_hash IS NOT NULL`,
      [tenantId],
    );
    return rows.map((row) => ({ id: row.id, pendingHash: row.pending_hash }));
  }

  /** Published documents with a live chunk that has no vector from `embedder` (after a change of embedder). */
  async needingEmbedder(tenantId: string, embedder: string): Promise<string[]> {
    if (!(await this.hasVectors())) return [];
    const rows = await this.db.query<{ document_id: string }>(
      `SELECT DISTINCT c.document_id FROM knowledge_chunks c
       WHERE c.tenant_id = $1 AND c.live AND NOT EXISTS (
         SELECT 1 FROM knowledge_vectors v WHERE v.tenant_id = c.tenant_id AND v.chunk_id = c.id AND v.embedder = $2)`,
      [tenantId, embedder],
    );
    return rows.map((row) => row.document_id);
  }

  async remove(tenantId: string, documentId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await countTerms(tx, -1, 'c.live', [tenantId, documentId]);
      const rows = await tx.query(
        'DELETE FROM knowledge_documents WHERE tenant_id = $1 AND id = $2 RETURNING id',
        [tenantId, documentId],
      );
      return rows.length > 0;
    });
  }

  /**
   * Recounts the tenant's word statistics and each document's live chunks from its live chunks (after a bulk
   * load, or as a repair).
   */
  async recountTerms(tenantId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM knowledge_terms WHERE tenant_id = $1', [tenantId]);
      await tx.query(
        `INSERT INTO knowledge_terms (tenant_id, lexeme, chunks)
         SELECT $1, u.lexeme, count(*) FROM knowledge_chunks c, unnest(c.search) u
         WHERE c.tenant_id = $1 AND c.live GROUP BY u.lexeme`,
        [tenantId],
      );
      await tx.query(
        `UPDATE knowledge_documents d SET live_chunks = coalesce(n.chunks, 0)
         FROM knowledge_documents x LEFT JOIN (
           SELECT document_id, count(*)::integer AS chunks FROM knowledge_chunks
           WHERE tenant_id = $1 AND live GROUP BY document_id) n ON n.document_id = x.id
         WHERE d.tenant_id = $1 AND x.tenant_id = $1 AND x.id = d.id
           AND d.live_chunks IS DISTINCT FROM coalesce(n.chunks, 0)`,
        [tenantId],
      );
      await tx.query('DELETE FROM knowledge_corpus WHERE tenant_id = $1', [tenantId]);
      await tx.query(
        `INSERT INTO knowledge_corpus (tenant_id, chunks, lexemes)
         SELECT $1, count(*), coalesce(sum(length(search)), 0) FROM knowledge_chunks WHERE tenant_id = $1 AND live`,
        [tenantId],
      );
    });
  }
}

/**
 * Adds `sign` × the number of the document's chunks (matching `which`) that contain each word, and to the
 * corpus size and length that BM25 reads. Words are written in lexeme order so concurrent publications lock
 * rows in the same order and never deadlock.
 */
async function countTerms(
  tx: Queryable,
  sign: 1 | -1,
  which: string,
  params: [string, string],
): Promise<void> {
  await tx.query(
    `INSERT INTO knowledge_terms (tenant_id, lexeme, chunks)
     SELECT $1, u.lexeme, ${sign} * count(*)
     FROM knowledge_chunks c
     JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id,
     unnest(c.search) u
     WHERE c.tenant_id = $1 AND c.document_id = $2 AND ${which}
     GROUP BY u.lexeme ORDER BY u.lexeme
     ON CONFLICT (tenant_id, lexeme) DO UPDATE SET chunks = knowledge_terms.chunks + EXCLUDED.chunks`,
    params,
  );
  await tx.query(
    `INSERT INTO knowledge_corpus (tenant_id, chunks, lexemes)
     SELECT $1, ${sign} * count(*), ${sign} * coalesce(sum(length(c.search)), 0)
     FROM knowledge_chunks c
     JOIN knowledge_documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
     WHERE c.tenant_id = $1 AND c.document_id = $2 AND ${which}
     ON CONFLICT (tenant_id) DO UPDATE SET chunks = knowledge_corpus.chunks + EXCLUDED.chunks,
       lexemes = knowledge_corpus.lexemes + EXCLUDED.lexemes`,
    params,
  );
}
