// Ingestion: parse, chunk, stage a pending version, and hand embedding + publishing to a background task.
// An unchanged document is recognised by its hash and costs nothing; a changed one keeps its unchanged
// chunks (and their vectors) and is swapped in atomically when the new chunks are embedded.
import type { TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { chunkDocument, hashOf, type ChunkingOptions } from './chunking.js';
import type { Embedder } from './embedder.js';
import { embedDocument, embedDocumentTask, type EmbedDocumentPayload } from './embedding.js';
import { parseDocument, type ParsedDocument } from './parse.js';
import type { DocumentMeta, KnowledgeStore } from './store.js';

export interface IngestResult {
  documentId: string;
  source: string;
  title: string;
  /** queued: embedding in the background; published: searchable now; unchanged / duplicate: nothing written. */
  status: 'queued' | 'published' | 'unchanged' | 'duplicate';
  chunks: number;
  duplicateOf?: string;
}

export interface IngestOptions extends Partial<DocumentMeta> {
  /** Embed and publish before returning instead of in the background (start-up sync of the help centre). */
  wait?: boolean;
}

export const documentIdFor = (source: string) => `doc_${hashOf(source).slice(0, 20)}`;

export interface KnowledgeIngestionDeps {
  store: KnowledgeStore;
  embedder: Embedder;
  queue: TaskQueue;
  logger?: Logger;
  chunking?: ChunkingOptions;
  /** Retries of the embedding task (tests shorten them). */
  retry?: { attempts: number; backoffMs: number };
}

export class KnowledgeIngestion {
  private readonly task;

  constructor(private readonly deps: KnowledgeIngestionDeps) {
    this.task = embedDocumentTask(deps);
    deps.queue.register(this.task);
    deps.queue.onFailure((failure) => {
      if (failure.task !== this.task.name) return;
      const [, tenantId, documentId] = failure.jobId.split('.');
      if (tenantId && documentId)
        void deps.store.markFailed(tenantId, documentId, failure.error).catch(() => undefined);
    });
  }

  get embedder(): Embedder {
    return this.deps.embedder;
  }

  /** Parses bytes (Markdown, HTML, text, PDF) and ingests them under `source`. Throws DOCUMENT_* errors. */
  async ingestBytes(
    tenantId: string,
    source: string,
    name: string,
    bytes: Uint8Array,
    options: IngestOptions & { mediaType?: string } = {},
  ): Promise<IngestResult> {
    const parsed = await parseDocument(name, bytes, options.mediaType);
    return this.ingestParsed(tenantId, source, parsed, options);
  }

  async ingestParsed(
    tenantId: string,
    source: string,
    parsed: ParsedDocument,
    options: IngestOptions = {},
  ): Promise<IngestResult> {
    const { store } = this.deps;
    const documentId = documentIdFor(source);
    const existing = await store.bySource(tenantId, source);
    const meta: DocumentMeta = {
      productArea: options.productArea ?? existing?.productArea ?? 'general',
      language: options.language ?? existing?.language ?? 'en',
      visibility: options.visibility ?? existing?.visibility ?? 'public',
    };
    const hash = hashOf(parsed.title, parsed.body, meta.productArea, meta.language, meta.visibility);
    const base = { documentId, source, title: parsed.title };
    if (existing && (existing.pendingHash ?? existing.contentHash) === hash) {
      if (existing.pendingHash && options.wait) await this.embedNow(tenantId, documentId, hash);
      return {
        ...base,
        status: existing.pendingHash && !options.wait ? 'queued' : 'unchanged',
        chunks: existing.chunks,
      };
    }
    const duplicateOf = existing ? undefined : await store.duplicateOf(tenantId, hash, source);
    if (duplicateOf) return { ...base, status: 'duplicate', chunks: 0, duplicateOf };

    const chunks = chunkDocument(parsed, this.deps.chunking);
    await store.stage(tenantId, documentId, {
      ...meta,
      source,
      title: parsed.title,
      contentType: parsed.contentType,
      body: parsed.body,
      hash,
      chunks,
    });
    if (options.wait && (await this.embedNow(tenantId, documentId, hash))) {
      return { ...base, status: 'published', chunks: chunks.length };
    }
    if (options.wait) return { ...base, status: 'queued', chunks: chunks.length };
    await this.enqueue({ tenantId, documentId, version: hash });
    return { ...base, status: 'queued', chunks: chunks.length };
  }

  /** Re-queues what a stopped process left pending and re-embeds documents another embedder indexed. */
  async recover(tenantId: string): Promise<{ pending: number; reembedding: number }> {
    const { store, embedder } = this.deps;
    const pending = await store.pending(tenantId);
    for (const doc of pending) await this.enqueue({ tenantId, documentId: doc.id, version: doc.pendingHash });
    const pendingIds = new Set(pending.map((doc) => doc.id));
    const stale = (await store.needingEmbedder(tenantId, embedder.name)).filter((id) => !pendingIds.has(id));
    for (const documentId of stale) await this.enqueue({ tenantId, documentId });
    return { pending: pending.length, reembedding: stale.length };
  }

  private async embedNow(tenantId: string, documentId: string, version: string): Promise<boolean> {
    try {
      await embedDocument(this.deps, { tenantId, documentId, version });
      return true;
    } catch (error) {
      // The embedder is down: keep the version pending and let the retried task publish it later.
      this.deps.logger?.warn({ err: error, documentId }, 'embedding failed, retrying in the background');
      await this.enqueue({ tenantId, documentId, version });
      return false;
    }
  }

  private enqueue(payload: EmbedDocumentPayload) {
    const jobId = [
      'embed',
      payload.tenantId,
      payload.documentId,
      payload.version?.slice(0, 16) ?? 'current',
    ].join('.');
    return this.deps.queue.enqueue(this.task, payload, { jobId });
  }
}
