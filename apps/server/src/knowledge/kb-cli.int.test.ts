// `frontdesk kb` as a user runs it: ingest a folder, search with --json, refuse a bad file with a problem
// document; on a PostgreSQL server without pgvector the start-up says search is full-text only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../testing/cli.js';
import { createScratchPostgres, postgresSkipReason } from '../testing/databases.js';

const pgSkip = await postgresSkipReason();

describe('frontdesk kb', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-kb-cli-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(
      join(dir, 'docs', 'grinder.md'),
      '# Grinder care\n## Burrs\nBrush the conical burrs weekly.\n',
    );
    writeFileSync(
      join(dir, 'docs', 'hours.html'),
      '<h1>Holiday hours</h1><p>We answer from 9 to 5 on holidays.</p>',
    );
    writeFileSync(join(dir, 'docs', 'logo.png'), 'PNG');
    writeFileSync(join(dir, 'photo.png'), 'PNG');
    env = { FRONTDESK_DATA_DIR: join(dir, 'data') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests a folder, publishes its documents and finds them with --json', async () => {
    const ingest = await runCliJson<{
      documents: Array<{ source: string; status: string }>;
      skipped: string[];
    }>(['kb', 'ingest', join(dir, 'docs'), '--area', 'grinders'], env);
    expect(ingest.code).toBe(0);
    expect(ingest.json.documents.map((d) => d.status)).toEqual(['published', 'published']);
    expect(ingest.json.skipped).toHaveLength(1);
    const search = await runCliJson<{ results: Array<{ title: string; productArea: string }> }>(
      ['kb', 'search', 'how do I clean the conical burrs', '--area', 'grinders'],
      env,
    );
    expect(search.code).toBe(0);
    expect(search.json.results[0]).toMatchObject({ title: 'Grinder care', productArea: 'grinders' });
  });

  it('refuses an unsupported file with a problem document and exit code 1', async () => {
    const run = await runCliJson<{ code: string; status: number }>(
      ['kb', 'ingest', join(dir, 'photo.png')],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'DOCUMENT_UNSUPPORTED_TYPE', status: 415 });
  });

  it.skipIf(pgSkip !== undefined)(
    'says at start-up when PostgreSQL has no pgvector, and still searches',
    async () => {
      const scratch = await createScratchPostgres();
      try {
        const run = await runCli(['kb', 'search', 'reset my password', '--json'], {
          DATABASE_URL: scratch.url,
          LOG_LEVEL: 'warn',
        });
        expect(run.code).toBe(0);
        expect(run.stderr).toContain('pgvector is not installed');
        const json = JSON.parse(run.stdout) as { mode: string; results: Array<{ source: string }> };
        expect(json.mode).toBe('text');
        expect(json.results[0]?.source).toBe('article:reset-your-password');
      } finally {
        await scratch.drop();
      }
    },
  );
});
