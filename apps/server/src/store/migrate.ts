// Applies the SQL files in ./migrations in name order, each once, each in its own transaction. An advisory
// lock lets several processes start against one server without racing.
import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './database.js';

const migrationsDir = new URL('./migrations/', import.meta.url);
const MIGRATION_LOCK = 727_001;

export async function migrate(db: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS frontdesk_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM frontdesk_migrations')).map((row) => row.name),
    );
    const fresh: string[] = [];
    for (const name of files) {
      if (applied.has(name)) continue;
      await tx.query(await readFile(new URL(name, migrationsDir), 'utf8'));
      await tx.query('INSERT INTO frontdesk_migrations (name) VALUES ($1)', [name]);
      fresh.push(name);
    }
    return fresh;
  });
}
