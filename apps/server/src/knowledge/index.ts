// The knowledge base: parsing, chunking, embedders, ingestion, hybrid search, the help-centre sync and the
// review queue of learnt drafts.
export { KnowledgeBase } from './base.js';
export type { KnowledgeBaseDeps } from './base.js';
export type { Embedder } from './embedder.js';
export { EMBEDDING_DIMENSIONS, LocalEmbedder } from './embedder.js';
export { OpenAiCompatibleEmbedder } from './openai-embedder.js';
export { GloveEmbedder } from './glove-embedder.js';
export { loadWordVectors, packagedGloveFile } from './word-vectors.js';
export type { ArticleDraft, DraftStatus } from './drafts.js';
export type { IngestResult, IngestOptions } from './ingest.js';
export type { ChunkHit, DocumentHit, SearchMode, SearchOptions } from './search.js';
export type { KnowledgeDocument, Visibility } from './store.js';
export { articleIdOf } from './help-centre.js';
export { MAX_DOCUMENT_BYTES } from './parse.js';
