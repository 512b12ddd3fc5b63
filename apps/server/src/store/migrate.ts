// Applies the SQL files in ./migrations in name order, each once, each in its own transaction. An advisory
// lock lets several processes start against one server without racing. Then LangGraph's checkpoint tables,
// through its own saver's setup (which keeps its own record of what it applied): the graph's checkpoints live
// in the same database, and the desk's own statements read them (a run's claim asks whether its thread has
// one yet).
import { readdir, readFile } from 'node:fs/promises';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Database } from './database.js';

const migrationsDir = new URL('./migrations/', import.meta.url);
const MIGRATION_LOCK = 727_001;

export async function migrate(db: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const fresh = await db.transaction(async (tx) => {
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
  // Outside the transaction: LangGraph builds an index concurrently, which no transaction may hold.
  await new PostgresSaver(db.pool).setup();
  return fresh;
}
