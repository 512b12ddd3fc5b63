// A fresh embedded data directory is seeded from the installation's initialised template, once.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureEmbeddedTemplate, seedFromTemplate } from './embedded-template.js';

describe('the embedded database template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-template-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds a directory that does not exist yet with an initialised cluster, and leaves one that does', async () => {
    const template = await ensureEmbeddedTemplate();
    expect(template).toMatch(/pglite-\d+\.\d+\.\d+$/);
    const target = join(dir, 'pglite');
    expect(await seedFromTemplate(target)).toBe(true);
    expect(readFileSync(join(target, 'PG_VERSION'), 'utf8')).toBe(
      readFileSync(join(template!, 'PG_VERSION'), 'utf8'),
    );
    expect(await seedFromTemplate(target)).toBe(false);
    expect(existsSync(join(target, 'global', 'pg_control'))).toBe(true);
  }, 60_000);
});
