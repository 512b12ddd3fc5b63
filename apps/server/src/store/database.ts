// The relational-data port. Both adapters (embedded PGlite, PostgreSQL server) speak PostgreSQL through the
// same `pg` pool, so repositories, migrations and LangGraph's PostgresSaver run unchanged on either.
import type pg from 'pg';
import { StatementNames } from './statements.js';

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement and returns its rows (an empty array when nothing matches). */
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /**
   * Present on an open transaction only: runs `work` after the transaction's own work and just before it
   * commits, in the order registered (a failure rolls the whole transaction back). The outbox appends its
   * events here, so the per-conversation lock it takes is the last lock of the transaction.
   */
  readonly beforeCommit?: (work: () => Promise<void>) => void;
}

export interface Database extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Whether the pgvector extension is installed (knowledge search falls back to full text without it). */
  readonly hasVector: boolean;
  /** The shared pool, for libraries that want one (PostgresSaver). */
  readonly pool: pg.Pool;
  /**
   * A pool whose sessions always run a prepared statement's generic plan (`plan_cache_mode`), on a server
   * reached directly; absent elsewhere (the embedded database has one session; a pooler may refuse the
   * setting), where a statement that needs it sets it in its own transaction. Knowledge searches use it.
   */
  readonly genericPlans?: pg.Pool;
  /** Runs `work` in one transaction: commits when it resolves, rolls back and rethrows when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases connections (and, for the embedded adapter, the database files). Idempotent. */
  close(): Promise<void>;
}

/** The part both adapters share: a Database over a pg pool. */
export class PoolDatabase implements Database {
  hasVector = false;
  /** The embedded database's page cache in MB (see embedded-cache.ts); undefined on a server. */
  cacheMb: number | undefined;
  /** Names the statements this database prepares (on by default; off for poolers that cannot keep them). */
  readonly statements: StatementNames;
  readonly genericPlans: pg.Pool | undefined;

  constructor(
    readonly kind: 'embedded' | 'postgres',
    readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void> = async () => {},
    options: { preparedStatements?: boolean; genericPlans?: pg.Pool } = {},
  ) {
    this.statements = new StatementNames(options.preparedStatements ?? true);
    this.genericPlans = options.genericPlans;
  }

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.statements.run<Row>(this.pool, sql, params)).rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const lastSteps: Array<() => Promise<void>> = [];
    const tx: Queryable = {
      query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
        (await this.statements.run<Row>(client, sql, params, true)).rows,
      beforeCommit: (step) => lastSteps.push(step),
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      for (const step of lastSteps) await step();
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
      await Promise.all([this.pool.end(), this.genericPlans?.end()]);
      await this.onClose();
    })();
    return this.closing;
  }
}

/**
 * Whether a write failed because a row it names is not there (a foreign key, SQLSTATE 23503): a write that
 * relies on its references instead of reading them first tells "not found" this way.
 */
export const isMissingReference = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === '23503';
