// The relational-data port. Both adapters (embedded PGlite, PostgreSQL server) speak PostgreSQL through the
// same `pg` pool, so repositories, migrations and LangGraph's PostgresSaver run unchanged on either.
import type pg from 'pg';

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement and returns its rows (an empty array when nothing matches). */
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Whether the pgvector extension is installed (knowledge search falls back to full text without it). */
  readonly hasVector: boolean;
  /** The shared pool, for libraries that want one (PostgresSaver). */
  readonly pool: pg.Pool;
  /** Runs `work` in one transaction: commits when it resolves, rolls back and rethrows when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases connections (and, for the embedded adapter, the database files). Idempotent. */
  close(): Promise<void>;
}

/** The part both adapters share: a Database over a pg pool. */
export class PoolDatabase implements Database {
  hasVector = false;

  constructor(
    readonly kind: 'embedded' | 'postgres',
    readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
        (await client.query<Row>(sql, params as unknown[])).rows,
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private closing: Promise<void> | undefined;

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.pool.end();
      await this.onClose();
    })();
    return this.closing;
  }
}
