// How much memory the embedded database keeps pages in (PostgreSQL's shared_buffers). PGlite starts with
// 128 MB. A knowledge base of 50,000 chunks (text, vectors, full-text and HNSW indexes) is larger than that,
// and every page read past the cache goes through PGlite's file system in WebAssembly: at 50,000 chunks, a
// cache that holds it (368 MB) took hybrid search p95 from 21.8 to 19.6 ms, and with a filter from 23.9 to
// 15.2 ms (bench/search.ts, both caches in one run, idle). The cache is sized at start from the database's size on disk, so a small desk stays small and a large
// knowledge base stays in memory; an operator can set the size instead.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** PGlite's own default, and the least the desk asks for. */
export const MIN_CACHE_MB = 128;
/** The most chosen on its own: PostgreSQL touches all of it at start, so it is memory the process holds. */
export const MAX_AUTO_CACHE_MB = 1024;
/** Headroom over the current size, for the growth until the next start. */
const HEADROOM = 1.25;

/** Bytes under a directory (0 when it does not exist yet). */
function sizeOnDisk(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOnDisk(path);
    else if (entry.isFile()) total += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/** The cache for a PGlite directory: `configuredMb` when set, else its tables' size with headroom, bounded. */
export function embeddedCacheMb(pgliteDir: string, configuredMb?: number): number {
  if (configuredMb !== undefined) return configuredMb;
  // The tables and indexes live under base/; the write-ahead log and the rest are not cached pages.
  const tablesMb = sizeOnDisk(join(pgliteDir, 'base')) / 2 ** 20;
  return Math.min(MAX_AUTO_CACHE_MB, Math.max(MIN_CACHE_MB, Math.ceil((tablesMb * HEADROOM) / 16) * 16));
}
