// Several writes sent as one statement: each but the last becomes a data-modifying CTE. PostgreSQL runs a
// statement atomically, so this commits or fails as a whole like a transaction, in one round trip instead
// of BEGIN, one per write, and COMMIT (the journal writes a row and its event on every agent step).
import type { Queryable } from './database.js';

/**
 * Runs the writes `work` issues on the given Queryable as one statement. Only for INSERT, UPDATE and DELETE
 * statements whose results the caller does not read (the collecting Queryable answers every query with no
 * rows), written with `$n` placeholders only; writes in one batch do not see each other's rows.
 */
export async function writeTogether(db: Queryable, work: (q: Queryable) => Promise<void>): Promise<void> {
  const statements: { sql: string; params: readonly unknown[] }[] = [];
  await work({
    query: <Row extends object>(sql: string, params: readonly unknown[] = []) => {
      statements.push({ sql, params });
      return Promise.resolve([] as Row[]);
    },
  });
  if (statements.length === 0) return;
  const params: unknown[] = [];
  const parts = statements.map(({ sql, params: own }) => {
    const offset = params.length;
    params.push(...own);
    return sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`);
  });
  const last = parts.pop()!;
  const ctes = parts.map((sql, i) => `w${i} AS (${sql})`);
  await db.query(ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last, params);
}
