// How a chunk becomes a vector, and the background task that embeds a document's pending version and then
// publishes it. The task is idempotent: a re-run embeds only chunks still missing a vector.
import { z } from 'zod';
import type { Task } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { normalise, type Embedder } from './embedder.js';
import type { KnowledgeStore } from './store.js';

/** The heading says what a chunk is about more densely than its text; measured on StackFAQ (0.6 best). */
export const HEADING_WEIGHT = 0.6;
const BATCH = 64;

/** Vectors for chunks: the heading's and the text's embeddings blended, then re-normalised. */
export async function embedChunks(
  embedder: Embedder,
  chunks: ReadonlyArray<{ heading: string; text: string }>,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < chunks.length; start += BATCH) {
    const batch = chunks.slice(start, start + BATCH);
    const vectors = await embedder.embed([
      ...batch.map((c) => c.heading || c.text),
      ...batch.map((c) => c.text),
    ]);
    for (let i = 0; i < batch.length; i++) {
      const heading = vectors[i]!;
      const text = vectors[batch.length + i]!;
      const blended = new Float32Array(embedder.dimensions);
      for (let d = 0; d < blended.length; d++)
        blended[d] = HEADING_WEIGHT * heading[d]! + (1 - HEADING_WEIGHT) * text[d]!;
      out.push(normalise(blended));
    }
  }
  return out;
}

export const embedDocumentPayload = z.object({
  tenantId: z.string().min(1),
  documentId: z.string().min(1),
  /** The pending version to publish; absent to bring a published document to the current embedder. */
  version: z.string().optional(),
});
export type EmbedDocumentPayload = z.infer<typeof embedDocumentPayload>;

/**
 * Embeds what a document lacks and publishes its pending version. A version superseded by a newer
 * ingestion is left alone (the newer one's task publishes). On the last failed attempt the document is
 * marked failed; its previous version stays searchable.
 */
export function embedDocumentTask(deps: {
  store: KnowledgeStore;
  embedder: Embedder;
  logger?: Logger;
  retry?: { attempts: number; backoffMs: number };
}) {
  const task: Task<EmbedDocumentPayload> = {
    name: 'knowledge.embed-document',
    payload: embedDocumentPayload,
    // An embedding service that is down gets about a minute to come back before the version is marked failed.
    attempts: deps.retry?.attempts ?? 6,
    backoffMs: deps.retry?.backoffMs ?? 2000,
    run: async (payload) => {
      await embedDocument(deps, payload);
    },
  };
  return task;
}

export async function embedDocument(
  deps: { store: KnowledgeStore; embedder: Embedder; logger?: Logger },
  { tenantId, documentId, version }: EmbedDocumentPayload,
): Promise<'published' | 'embedded' | 'superseded'> {
  const { store, embedder } = deps;
  if (await store.hasVectors()) {
    const missing = await store.chunksWithoutVectors(tenantId, documentId, embedder.name);
    const vectors = await embedChunks(embedder, missing);
    await store.storeVectors(
      tenantId,
      embedder.name,
      missing.map((chunk, i) => ({ chunkId: chunk.id, vector: vectors[i]! })),
    );
  }
  if (version === undefined) {
    if (await store.hasVectors()) await store.dropOtherVectors(store.db, tenantId, documentId, embedder.name);
    return 'embedded';
  }
  const published = await store.publish(tenantId, documentId, version, embedder.name);
  deps.logger?.debug({ documentId, version, published }, 'knowledge document embedded');
  return published ? 'published' : 'superseded';
}
