-- BM25 ranks a chunk against the corpus it lives in: how many live chunks a tenant has and their total length
-- (distinct words per chunk, as length(search) counts them), kept beside the per-word counts of
-- knowledge_terms and changed in the same transactions, so search reads two rows instead of scanning.
CREATE TABLE knowledge_corpus (
  tenant_id  text PRIMARY KEY,
  chunks     bigint NOT NULL,
  lexemes    bigint NOT NULL
);

INSERT INTO knowledge_corpus (tenant_id, chunks, lexemes)
SELECT tenant_id, count(*), sum(length(search))
FROM knowledge_chunks
WHERE live
GROUP BY tenant_id;
