-- Knowledge base (documents, heading-aware chunks, vectors), long-term customer memory and the review queue
-- of help-article drafts learnt from resolved escalations. One file for PostgreSQL with or without pgvector:
-- the vector table and its HNSW index exist only where the extension does.

CREATE TABLE knowledge_documents (
  tenant_id       text NOT NULL,
  id              text NOT NULL,
  -- Where it came from ('file:guides/refunds.md', 'article:refund-policy', 'upload:faq.pdf'): re-ingesting
  -- the same source updates the same document.
  source          text NOT NULL,
  title           text NOT NULL,
  content_type    text NOT NULL,
  product_area    text NOT NULL DEFAULT 'general',
  language        text NOT NULL DEFAULT 'en',
  visibility      text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  -- The published version, the one search sees.
  content_hash    text,
  body            text NOT NULL DEFAULT '',
  -- A version waiting for its embeddings: published in one transaction when they are stored.
  pending_hash    text,
  pending_chunks  text[],
  pending_body    text,
  pending_title   text,
  pending_meta    jsonb,
  status          text NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source)
);
CREATE INDEX knowledge_documents_by_hash ON knowledge_documents (tenant_id, content_hash);

CREATE TABLE knowledge_chunks (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  document_id   text NOT NULL,
  ordinal       integer NOT NULL,
  heading       text NOT NULL DEFAULT '',
  text          text NOT NULL,
  content_hash  text NOT NULL,
  -- false until the version it belongs to is published: search never sees half of an ingestion.
  live          boolean NOT NULL DEFAULT false,
  product_area  text NOT NULL,
  language      text NOT NULL,
  visibility    text NOT NULL,
  search        tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', text), 'B')
  ) STORED,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, document_id) REFERENCES knowledge_documents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX knowledge_chunks_search ON knowledge_chunks USING gin (search) WHERE live;
CREATE INDEX knowledge_chunks_by_document ON knowledge_chunks (tenant_id, document_id);

-- Long-term memory: one summary per finished conversation (rewritten when it continues), always read
-- filtered by customer.
CREATE TABLE customer_memories (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  customer_id      text NOT NULL,
  conversation_id  text NOT NULL,
  request_id       text NOT NULL,
  outcome          text NOT NULL,
  topics           text[] NOT NULL DEFAULT '{}',
  summary          text NOT NULL,
  resolution       text,
  embedder         text NOT NULL,
  embedding        real[] NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  search           tsvector GENERATED ALWAYS AS (to_tsvector('english', summary)) STORED,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, conversation_id)
);
CREATE INDEX customer_memories_by_customer ON customer_memories (tenant_id, customer_id, created_at DESC);

-- Help-article drafts learnt from conversations a person resolved after an escalation.
CREATE TABLE article_drafts (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  customer_id      text NOT NULL,
  conversation_id  text NOT NULL,
  title            text NOT NULL,
  body             text NOT NULL,
  topics           text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewed_by      text,
  reviewed_at      timestamptz,
  article_id       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, conversation_id)
);
CREATE INDEX article_drafts_pending ON article_drafts (tenant_id, created_at) WHERE status = 'pending';

DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS vector;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pgvector is not installed: knowledge search will use full-text ranking only';
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    EXECUTE $sql$
      CREATE TABLE knowledge_vectors (
        tenant_id   text NOT NULL,
        chunk_id    text NOT NULL,
        embedder    text NOT NULL,
        embedding   vector(384) NOT NULL,
        PRIMARY KEY (tenant_id, chunk_id, embedder),
        FOREIGN KEY (tenant_id, chunk_id) REFERENCES knowledge_chunks (tenant_id, id) ON DELETE CASCADE
      )
    $sql$;
    EXECUTE 'CREATE INDEX knowledge_vectors_hnsw ON knowledge_vectors USING hnsw (embedding vector_cosine_ops)';
  END IF;
END
$$;
