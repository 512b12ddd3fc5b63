// Production adapter: a PostgreSQL 15+ server reached with DATABASE_URL.
import pg from 'pg';
import { DeskError } from '../errors.js';
import { PoolDatabase } from './database.js';
import { storeTypes } from './type-parsers.js';

/** Connections for statements that run their generic plan (a request makes one or two knowledge searches). */
const GENERIC_PLAN_CONNECTIONS = 4;

export async function openPostgres(
  databaseUrl: string,
  options: { max?: number; preparedStatements?: boolean } = {},
): Promise<PoolDatabase> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, types: storeTypes });
  const preparedStatements = options.preparedStatements ?? true;
  // Knowledge searches run their generic plan (knowledge/search.ts). On sessions set so from the start, a search
  // is one statement rather than a transaction of three. Only on a server reached directly: a pooler in front
  // (prepared statements off) may refuse the start-up option, and its sessions are not ours to set.
  const genericPlans = preparedStatements
    ? new pg.Pool({
        connectionString: databaseUrl,
        max: GENERIC_PLAN_CONNECTIONS,
        types: storeTypes,
        options: '-c plan_cache_mode=force_generic_plan',
      })
    : undefined;
  // An idle client that loses its server emits 'error'; without a listener that would crash the process.
  pool.on('error', () => undefined);
  genericPlans?.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await Promise.all([pool.end(), genericPlans?.end()]).catch(() => undefined);
    throw new DeskError(
      'STORE_UNAVAILABLE',
      `Cannot reach PostgreSQL at ${redact(databaseUrl)}: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  return new PoolDatabase('postgres', pool, undefined, { preparedStatements, genericPlans });
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
