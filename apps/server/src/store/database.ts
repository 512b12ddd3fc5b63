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
    if (this.kind === 'postgres') return (await this.pool.query<Row>(sql, params as unknown[])).rows;
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      return (await client.query<Row>(sql, params as unknown[])).rows;
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      this.release(client, failed);
    }
  }

  /**
   * Returns a client to the pool. PGlite's socket ends its one session after a statement fails, so on the
   * embedded database a client that saw an error is discarded (the pool opens a new one) rather than handed
   * to the next caller, whose query would fail with "Connection terminated unexpectedly".
   */
  private release(client: pg.PoolClient, failed: Error | undefined): void {
    client.release(this.kind === 'embedded' && failed ? failed : undefined);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
        (await client.query<Row>(sql, params as unknown[])).rows,
    };
    let failed: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failed = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.release(client, failed);
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
