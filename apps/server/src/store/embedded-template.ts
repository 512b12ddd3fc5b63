// A fresh embedded database starts as a copy of an empty, initialised one. Initialising a PGlite directory
// (initdb in WebAssembly) is most of a first start's work: done once per installation (by `npm install`'s
// prepare step, or by the first fresh start) and copied after that, it costs a file copy.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const nodeModules = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));

/** Where the template for the installed PGlite lives; undefined when its version cannot be read. */
function templateDir(): string | undefined {
  try {
    const manifest = join(nodeModules, '@electric-sql', 'pglite', 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return join(nodeModules, '.cache', 'frontdesk', `pglite-${version}`);
  } catch {
    return undefined;
  }
}

/**
 * Makes the template when it is missing. Processes doing it together each initialise a private directory
 * and the first rename wins. Returns the template, or undefined when it cannot be written (a read-only
 * installation): callers then initialise their directory themselves.
 */
export async function ensureEmbeddedTemplate(): Promise<string | undefined> {
  const template = templateDir();
  if (!template) return undefined;
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const scratch = `${template}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(scratch), { recursive: true });
    const db = await PGlite.create({ dataDir: scratch });
    await db.close();
    renameSync(scratch, template);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return existsSync(join(template, 'PG_VERSION')) ? template : undefined;
}

/** Seeds a PGlite directory that does not exist yet from the template; false when there is none. */
export async function seedFromTemplate(pgliteDir: string): Promise<boolean> {
  if (existsSync(pgliteDir)) return false;
  const template = await ensureEmbeddedTemplate();
  if (!template) return false;
  cpSync(template, pgliteDir, { recursive: true });
  return true;
}
