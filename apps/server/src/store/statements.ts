// Server-side prepared statements for the desk's own SQL. Parsing and planning a statement is a large part of
// what a short query costs: on the embedded database, reading a conversation takes about half the CPU when
// its plan is kept, and on PostgreSQL a request's forty-odd statements each save a round of planning. Like
// postgres.js, every statement with parameters is prepared once per connection under a name derived from its
// text; `pg` remembers per connection which names it has prepared.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** More distinct texts than the desk writes (batched inserts vary in their row count): past it, no new names. */
const MAX_NAMED = 1_000;

/**
 * PostgreSQL refuses to run a kept plan whose result columns changed under it (a migration from a newer
 * release added a column to a `SELECT *`): such a text runs unprepared from then on.
 */
const PLAN_CHANGED = '0A000';

function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === PLAN_CHANGED && /cached plan/i.test(message ?? '');
}

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly unprepared = new Set<string>();

  constructor(
    private readonly enabled: boolean,
    private readonly maxNamed = MAX_NAMED,
  ) {}

  /** The query config for `sql`: named when it has parameters and naming is on, plain otherwise. */
  config(sql: string, params: readonly unknown[]): pg.QueryConfig {
    const values = params as unknown[];
    if (!this.enabled || values.length === 0 || this.unprepared.has(sql)) return { text: sql, values };
    let name = this.names.get(sql);
    if (name === undefined) {
      if (this.names.size >= this.maxNamed) return { text: sql, values };
      name = `fd_${createHash('sha1').update(sql).digest('base64url')}`;
      this.names.set(sql, name);
    }
    return { name, text: sql, values };
  }

  /**
   * Runs `sql` on `client`. A text whose kept plan went stale runs unprepared from then on: at once when on
   * the pool, on the next call inside a transaction (the failed statement has already aborted it).
   */
  async run<Row extends object>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params: readonly unknown[],
    inTransaction = false,
  ): Promise<pg.QueryResult<Row>> {
    const config = this.config(sql, params);
    try {
      return await client.query<Row>(config);
    } catch (error) {
      if (config.name === undefined || !isStalePlan(error)) throw error;
      this.unprepared.add(sql);
      if (inTransaction) throw error;
      return client.query<Row>({ text: sql, values: config.values });
    }
  }
}
