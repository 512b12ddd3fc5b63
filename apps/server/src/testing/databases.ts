// Test support: every repository and graph suite runs against both adapters — the embedded database in a
// fresh temporary directory, and a fresh, randomly named database on the PostgreSQL server. Outside CI a
// missing server skips its half with a printed reason; in CI (CI=true) it fails instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../store/database.js';
import { openEmbedded } from '../store/embedded.js';
import { openPostgres } from '../store/postgres.js';
import { migrate } from '../store/migrate.js';

export const inCi = process.env.CI === 'true';
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly db: Database;
  /** A URL another process can use to reach the same database (PostgreSQL only). */
  readonly url?: string;
  /** The data directory another process can open (embedded only, once this one is closed). */
  readonly dataDir?: string;
  dispose(): Promise<void>;
}

export interface DatabaseUnderTest {
  readonly name: 'embedded' | 'postgres';
  /** Why this adapter is skipped, or undefined when it runs. */
  readonly skipReason: string | undefined;
  open(): Promise<TestDatabase>;
}

let postgresReachable: boolean | undefined;

async function checkPostgres(): Promise<boolean> {
  if (postgresReachable !== undefined) return postgresReachable;
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    postgresReachable = true;
  } catch {
    postgresReachable = false;
  } finally {
    await client.end().catch(() => undefined);
  }
  return postgresReachable;
}

export async function openTestEmbedded(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-test-'));
  const db = await openEmbedded(dataDir);
  await migrate(db);
  return {
    db,
    dataDir,
    dispose: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new, empty, randomly named database on the server, and the way to drop it. */
export async function createScratchPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `frontdesk_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function openTestPostgres(): Promise<TestDatabase> {
  const scratch = await createScratchPostgres();
  const db = await openPostgres(scratch.url);
  await migrate(db);
  return {
    db,
    url: scratch.url,
    dispose: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/** Whether the PostgreSQL half of a suite runs; a reason is printed when it is skipped. */
export async function postgresSkipReason(): Promise<string | undefined> {
  if (await checkPostgres()) return undefined;
  if (inCi) throw new Error(`PostgreSQL is not reachable at ${postgresAdminUrl}, and CI runs every suite.`);
  const reason = `PostgreSQL is not reachable at ${postgresAdminUrl} (set TEST_POSTGRES_URL)`;
  console.warn(`[skip] PostgreSQL suites: ${reason}`);
  return reason;
}

/** The adapters a conformance suite runs against, resolved before `describe` blocks are declared. */
export async function databasesUnderTest(): Promise<DatabaseUnderTest[]> {
  const skipReason = await postgresSkipReason();
  return [
    { name: 'embedded', skipReason: undefined, open: openTestEmbedded },
    { name: 'postgres', skipReason, open: openTestPostgres },
  ];
}

/** Resolves once some session of the test database waits for a lock (PostgreSQL only): a race is under way. */
export async function waitingForLock(t: TestDatabase, what = 'a statement'): Promise<void> {
  const admin = await t.db.pool.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${what} never waited for a lock`);
  } finally {
    admin.release();
  }
}

/** The database, with every statement sent through it written down in `sent` (its other methods unchanged). */
export function recordingStatements(db: Database, sent: string[]): Database {
  const recording = Object.create(db) as Database & { query: Database['query'] };
  recording.query = (sql, params) => {
    sent.push(sql);
    return db.query(sql, params);
  };
  return recording;
}
