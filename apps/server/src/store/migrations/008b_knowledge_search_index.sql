-- Full-text search reads every candidate chunk's stored tsvector and the GIN index of live chunks on every
-- question. Two storage defaults made that slower than it needs to be (measured on 50,000 chunks):
--
-- 1. A chunk row over ~2 kB had its tsvector moved out of line to TOAST (the largest column goes first), so
--    ranking one chunk meant a TOAST index lookup: 8% of chunks, a quarter of the ranking cost. MAIN storage
--    keeps the tsvector in the row and lets the chunk's text go out of line instead (only the final top
--    rows read their text). It applies to chunks written from now on: rewriting the existing ones here
--    would leave a dead copy of each behind, which the embedded database never vacuums.
ALTER TABLE knowledge_chunks ALTER COLUMN search SET STORAGE MAIN;

-- 2. With GIN's fast update, new entries first go to an unsorted pending list that every search scans in
--    full until a vacuum merges it, and the embedded database never vacuums on its own (1.5-3 ms per
--    search). Writing entries straight into the index costs ingestion a little and search nothing.
ALTER INDEX knowledge_chunks_search SET (fastupdate = off);
SELECT gin_clean_pending_list('knowledge_chunks_search'::regclass);
