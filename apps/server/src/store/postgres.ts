// Production adapter: a PostgreSQL 15+ server reached with DATABASE_URL.
import pg from 'pg';
import { DeskError } from '../errors.js';
import { PoolDatabase } from './database.js';
import { storeTypes } from './type-parsers.js';

export async function openPostgres(
  databaseUrl: string,
  options: { max?: number; preparedStatements?: boolean } = {},
): Promise<PoolDatabase> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, types: storeTypes });
  // An idle client that loses its server emits 'error'; without a listener that would crash the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DeskError(
      'STORE_UNAVAILABLE',
      `Cannot reach PostgreSQL at ${redact(databaseUrl)}: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  return new PoolDatabase('postgres', pool, undefined, {
    preparedStatements: options.preparedStatements ?? true,
  });
}

/** The URL without its password, for messages and logs. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
