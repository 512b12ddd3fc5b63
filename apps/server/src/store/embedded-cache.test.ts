// The embedded database's page cache follows the size of its tables, within bounds, unless an operator sets it.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { embeddedCacheMb, MAX_AUTO_CACHE_MB, MIN_CACHE_MB } from './embedded-cache.js';

describe('embeddedCacheMb', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** A PGlite directory whose tables take `mb` MB (sparse files: nothing is written). */
  const pgliteDir = (mb: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-cache-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'base', '5'), { recursive: true });
    writeFileSync(join(dir, 'base', '5', '16384'), '');
    writeFileSync(join(dir, 'base', '5', '16385'), '');
    truncateSync(join(dir, 'base', '5', '16385'), mb * 2 ** 20);
    // The write-ahead log is not cached pages: it does not count.
    mkdirSync(join(dir, 'pg_wal'));
    writeFileSync(join(dir, 'pg_wal', 'segment'), Buffer.alloc(2 ** 20));
    return dir;
  };

  it('keeps PGlite’s 128 MB for a new or small database', () => {
    expect(embeddedCacheMb(join(tmpdir(), 'frontdesk-no-such-dir'))).toBe(MIN_CACHE_MB);
    expect(embeddedCacheMb(pgliteDir(20))).toBe(MIN_CACHE_MB);
  });

  it('holds a large database with a quarter to spare, up to 1 GB', () => {
    expect(embeddedCacheMb(pgliteDir(300))).toBe(384);
    expect(embeddedCacheMb(pgliteDir(2000))).toBe(MAX_AUTO_CACHE_MB);
  });

  it('takes the size an operator set, from FRONTDESK_EMBEDDED_CACHE_MB', () => {
    const configured = loadConfig({ FRONTDESK_EMBEDDED_CACHE_MB: '64' }).embeddedCacheMb;
    expect(embeddedCacheMb(pgliteDir(300), configured)).toBe(64);
    expect(loadConfig({}).embeddedCacheMb).toBeUndefined();
    expect(() => loadConfig({ FRONTDESK_EMBEDDED_CACHE_MB: 'lots' })).toThrow(/FRONTDESK_EMBEDDED_CACHE_MB/);
  });
});
