// Start-up on an empty database: processes that start together prepare it one at a time (migrations, demo
// data, the trained intent model under one advisory lock), so every one of them comes up on the same data.
import { describe, expect, it } from 'vitest';
import { databasesUnderTest } from './testing/databases.js';
import { openTestRuntime, runtimeTargets } from './testing/runtime.js';
import { underStartupLock } from './store/index.js';
import { buildApp } from './http/app.js';
import { appDepsFromRuntime } from './http/from-runtime.js';
import { callTool, connectTo, customer } from './testing/mcp-client.js';

const targets = await runtimeTargets();
const postgres = targets.find((target) => target.name === 'postgres')!;
const embedded = targets.find((target) => target.name === 'embedded')!;
const databases = await databasesUnderTest();

describe('start-up on an empty database', () => {
  it.skipIf(postgres.skipReason !== undefined)(
    'brings up two runtimes started together on one fresh PostgreSQL database, demo data loaded once',
    async () => {
      const location = await postgres.prepare();
      try {
        const started = await Promise.allSettled([openTestRuntime(location), openTestRuntime(location)]);
        const runtimes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        try {
          expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
          const [one, two] = runtimes as [(typeof runtimes)[0], (typeof runtimes)[0]];
          const [counts] = await one.db.query<{ customers: string }>(
            'SELECT count(*) AS customers FROM customers',
          );
          expect(Number(counts!.customers)).toBeGreaterThan(0);
          // Both see the same, singly loaded store and can answer.
          expect((await two.stores.customers.get('demo', 'cus_01'))?.id).toBe('cus_01');
          const asked = await two.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });
          expect(asked.threadId).toBeTruthy();
        } finally {
          for (const runtime of runtimes) await runtime.close();
        }
      } finally {
        await location.dispose();
      }
    },
    60_000,
  );

  // PGlite has one session (and one process, by its data-directory lock), where advisory locks are
  // re-entrant: there the lock only has to let the work run, which every embedded test runtime proves.
  const server = databases.find((database) => database.name === 'postgres')!;
  it.skipIf(server.skipReason !== undefined)(
    "runs start-up work one at a time, without blocking the work's own queries, and releases the lock",
    async () => {
      const opened = await server.open();
      const db = opened.db;
      try {
        const log: string[] = [];
        const prepare = (name: string) =>
          underStartupLock(db, async () => {
            log.push(`${name} in`);
            await db.query('SELECT pg_sleep(0.05)');
            log.push(`${name} out`);
          });
        await Promise.all([prepare('a'), prepare('b')]);
        expect(log).toEqual(
          log[0] === 'a in' ? ['a in', 'a out', 'b in', 'b out'] : ['b in', 'b out', 'a in', 'a out'],
        );
        const [held] = await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted",
        );
        expect(Number(held!.n)).toBe(0);
      } finally {
        await opened.dispose();
      }
    },
  );
});

describe('a fresh desk that syncs its help centre in the background', () => {
  it('is not ready until the sync is done, and an agent searching meanwhile waits for it', async () => {
    const location = await embedded.prepare();
    const runtime = await openTestRuntime(location, {}, { knowledgeSync: 'background' });
    // The sync writes each article in a transaction of its own: they wait until the first probe has
    // answered, so the probe finds the sync unfinished however fast the machine is (the probe itself only
    // queries). Nothing is replaced, only held back.
    let letSyncOn!: () => void;
    const held = new Promise<void>((resolve) => (letSyncOn = resolve));
    const transaction = runtime.db.transaction.bind(runtime.db);
    runtime.db.transaction = async (work) => {
      await held;
      return transaction(work);
    };
    // The probe answers at once here: on an idle machine the demo help centre syncs within its usual wait.
    const app = buildApp(appDepsFromRuntime(runtime, {}, { knowledgeWaitMs: 0 }).deps);
    try {
      let synced = false;
      void runtime.knowledgeSynced.then(() => (synced = true));
      const early = await app.inject('/health/ready');
      letSyncOn();
      expect([synced, early.statusCode]).toEqual([false, 503]);
      expect(early.json()).toMatchObject({
        checks: { knowledge: { status: 'down', error: expect.stringContaining('still being synced') } },
      });
      const client = await connectTo(runtime, 'knowledge', customer('cus_01'));
      const found = await callTool(client, 'search', { query: 'reset password', limit: 1 });
      expect(found.data).toMatchObject({ articles: [{ id: 'reset-your-password' }] });
      expect(synced).toBe(true);
      await client.close();
      const later = await app.inject('/health/ready');
      expect(later.json()).toMatchObject({ status: 'ok', checks: { knowledge: { status: 'ok' } } });
    } finally {
      await app.close();
      await runtime.close();
      await location.dispose();
    }
  }, 120_000);
});
