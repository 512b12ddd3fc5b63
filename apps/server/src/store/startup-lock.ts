// One process at a time prepares a database: migrations, checkpoint tables, demo data and the trained intent
// model all run under a PostgreSQL advisory lock, so processes started together on an empty database wait
// for the first instead of racing it (a unique-constraint failure half-way through loading demo data).
import type { Database } from './database.js';

/** The advisory-lock key of start-up preparation (migrations take their own key inside it). */
const STARTUP_LOCK = 727_002;

/**
 * Runs `work` while holding the database's start-up lock, taken on a session of its own and released
 * however `work` ends. The embedded database has a single session (a pool of one that `work` needs too):
 * the lock is taken and released through it, which advisory locks allow since they are re-entrant.
 */
export async function underStartupLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.kind === 'embedded') {
    await db.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    try {
      return await work();
    } finally {
      await db.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
    }
  }
  const session = await db.pool.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    try {
      return await work();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
    }
  } finally {
    session.release();
  }
}
