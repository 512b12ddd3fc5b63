-- How many live knowledge chunks contain each word (per tenant): full-text search picks a question's rarest
-- words to find candidates through the GIN index, so a common word never makes it rank half the corpus.
CREATE TABLE knowledge_terms (
  tenant_id  text NOT NULL,
  lexeme     text NOT NULL,
  chunks     integer NOT NULL,
  PRIMARY KEY (tenant_id, lexeme)
);

INSERT INTO knowledge_terms (tenant_id, lexeme, chunks)
SELECT c.tenant_id, u.lexeme, count(*)
FROM knowledge_chunks c, unnest(c.search) u
WHERE c.live
GROUP BY c.tenant_id, u.lexeme;
