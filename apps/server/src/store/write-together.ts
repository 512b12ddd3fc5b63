// Several writes sent as one statement: each but the last becomes a data-modifying CTE. PostgreSQL runs a
// statement atomically, so this commits or fails as a whole like a transaction, in one round trip instead
// of BEGIN, one per write, and COMMIT (the journal writes a row and its event on every agent step).
import type { Queryable } from './database.js';

/**
 * The end of a statement whose commit does not wait for the write-ahead log to reach disk: its data-modifying
 * CTEs run whatever the main query is, and `set_config(…, true)` lasts until the end of the statement's own
 * transaction, so only that commit is relaxed (PostgreSQL's `synchronous_commit = off`). The rows are visible
 * to every session at once. What a database crash can cost is the last fraction of a second of such commits,
 * and only those: the log is written in order, so the next commit that does wait makes every earlier one
 * durable too. Never for a statement inside an explicit transaction, whose whole commit it would relax.
 */
export const RELAXED_COMMIT_TAIL = "SELECT set_config('synchronous_commit', 'off', true)";

/** Whether a write waits for disk at commit (the default), or is run progress a crash makes run again. */
export interface CommitOptions {
  /**
   * `relaxed`: the writes are run progress that a database crash would have the run write again (a
   * checkpoint, the decision trail of a step that is then run again), so the commit does not wait for disk.
   * Each commit that acknowledges something to someone (a request accepted, an answer recorded, a run
   * settled) still waits, and with it everything written before.
   */
  commit?: 'durable' | 'relaxed';
}

/**
 * Runs the writes `work` issues on the given Queryable as one statement. Only for INSERT, UPDATE and DELETE
 * statements whose results the caller does not read (the collecting Queryable answers every query with no
 * rows), written with `$n` placeholders only; writes in one batch do not see each other's rows. Returns what
 * the last write returns (its RETURNING rows), unless the commit is relaxed.
 */
export async function writeTogether<Row extends object = Record<string, unknown>>(
  db: Queryable,
  work: (q: Queryable) => Promise<void>,
  { commit = 'durable' }: CommitOptions = {},
): Promise<Row[]> {
  const statements = await collectStatements(work);
  if (statements.length === 0) return [];
  const params: unknown[] = [];
  const parts = statements.map(({ sql, params: own }) => {
    const offset = params.length;
    params.push(...own);
    return renumbered(sql, offset);
  });
  const last = commit === 'relaxed' ? RELAXED_COMMIT_TAIL : parts.pop()!;
  // In the order `work` issued them (after the final one, when that is a write).
  const ctes = inWritingOrder(parts.map((sql, i) => `w${i} AS (${sql})`));
  const rows = await db.query<Row>(ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last, params);
  return commit === 'relaxed' ? [] : rows;
}

/** One write as `work` issued it: its SQL, with `$n` placeholders, and its parameters. */
export interface CollectedStatement {
  sql: string;
  params: readonly unknown[];
}

/**
 * The statements `work` issues, collected instead of run: the collecting Queryable answers every query with
 * no rows, so `work` may only issue writes whose results it does not read.
 */
export async function collectStatements(
  work: (q: Queryable) => Promise<void>,
): Promise<CollectedStatement[]> {
  const statements: CollectedStatement[] = [];
  await work({
    query: <Row extends object>(sql: string, params: readonly unknown[] = []) => {
      statements.push({ sql, params });
      return Promise.resolve([] as Row[]);
    },
  });
  return statements;
}

/**
 * Data-modifying CTEs that no query reads, listed so that they run in the order given: PostgreSQL runs them to
 * completion after the statement's final query, the last in the list first. The outbox numbers events as they
 * are inserted, so events written together keep the order they were recorded in.
 */
export const inWritingOrder = (ctes: readonly string[]): string[] => [...ctes].reverse();

/** The statement with its `$n` placeholders moved up by `offset`, to follow `offset` parameters of another. */
export const renumbered = (sql: string, offset: number): string =>
  sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`);

/**
 * A statement in parts, so that another statement can take it in and commit it with its own writes: its
 * data-modifying CTEs, by name, and the query that ends it (which may read them). Its `$n` placeholders number
 * its own parameters; its CTE names must not start with `p` and a digit (the checkpoint saver's).
 */
export interface ComposableStatement {
  ctes: ReadonlyArray<{ name: string; sql: string }>;
  select: string;
  params: readonly unknown[];
}

/**
 * The statement's CTEs and final query, after `offset` parameters of a statement that takes it in (or on its
 * own, with none).
 */
export function composedParts(
  statement: ComposableStatement,
  offset = 0,
): { ctes: string[]; select: string } {
  return {
    ctes: statement.ctes.map(({ name, sql }) => `${name} AS (${renumbered(sql, offset)})`),
    select: renumbered(statement.select, offset),
  };
}
