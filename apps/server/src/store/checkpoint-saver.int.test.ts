// The batched checkpoint saver leaves exactly what LangGraph's stock PostgresSaver reads, on both databases,
// and one-statement writes (a decision with its event) commit or fail as a whole.
import { randomUUID } from 'node:crypto';
import {
  Annotation,
  Command,
  END,
  INTERRUPT,
  START,
  StateGraph,
  emptyCheckpoint,
  interrupt,
  type LangGraphRunnableConfig,
} from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { BatchedPostgresSaver, RELAXED_CHECKPOINTS, THREAD_NOT_STARTED } from './checkpoint-saver.js';
import { GroupedWrites } from './grouped-writes.js';
import { writeTogether } from './write-together.js';

const State = Annotation.Root({
  notes: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  answer: Annotation<string>,
});

/** Two steps, a pause for a person, a third step: checkpoints, channel blobs, writes and an interrupt. */
function graphOn(saver: PostgresSaver) {
  return new StateGraph(State)
    .addNode('first', () => ({ notes: ['first'] }))
    .addNode('second', () => ({ notes: ['second'], answer: interrupt<string, string>('approve?') }))
    .addNode('third', (state) => ({ notes: [`third after ${state.answer}`] }))
    .addEdge(START, 'first')
    .addEdge('first', 'second')
    .addEdge('second', 'third')
    .addEdge('third', END)
    .compile({ checkpointer: saver });
}

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`batched checkpoint saver on ${target.name}`, () => {
    let t: TestDatabase;
    let stock: PostgresSaver;
    let batched: BatchedPostgresSaver;
    beforeAll(async () => {
      t = await target.open();
      stock = new PostgresSaver(t.db.pool);
      await stock.setup();
      batched = new BatchedPostgresSaver(t.db.pool);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('writes a paused and resumed run that the stock saver reads back the same, history included', async () => {
      const config = { configurable: { thread_id: `t_${randomUUID()}` } };
      const graph = graphOn(batched);
      const paused = await graph.invoke({ notes: [] }, config);
      expect(paused).toMatchObject({ notes: ['first'], __interrupt__: [{ value: 'approve?' }] });
      // The interrupt is a special write, stored as the stock saver stores it.
      const pending = await stock.getTuple(config);
      expect(pending?.pendingWrites?.some(([, channel]) => channel === INTERRUPT)).toBe(true);

      const done = await graph.invoke(new Command({ resume: 'yes' }), config);
      expect(done.notes).toEqual(['first', 'second', 'third after yes']);

      const read = await graphOn(stock).getState(config);
      expect(read.values).toEqual(done);
      const history = async (saver: PostgresSaver) => {
        const ids: string[] = [];
        for await (const tuple of saver.list(config)) ids.push(tuple.checkpoint.id);
        return ids;
      };
      const ids = await history(stock);
      expect(ids.length).toBeGreaterThanOrEqual(5);
      expect(await history(batched)).toEqual(ids);
      // Time travel: the state before the pause, read through the stock saver, as the run left it.
      const beforePause = await graphOn(stock).getState({
        configurable: { ...config.configurable, checkpoint_id: ids.at(-3)! },
      });
      expect(beforePause.values).toMatchObject({ notes: ['first'] });
    });

    /** The pool, recording each statement the saver sends and the rows it returned. */
    const recordingPool = (sent: Array<{ text: string; rows?: unknown[] }>) => {
      const pool = t.db.pool;
      return new Proxy(pool, {
        get: (target, key) =>
          key === 'query'
            ? (...args: Parameters<typeof pool.query>) => {
                const [statement] = args as unknown as [string | { text: string }];
                const entry: { text: string; rows?: unknown[] } = {
                  text: typeof statement === 'string' ? statement : statement.text,
                };
                sent.push(entry);
                const result = target.query(...args) as unknown as Promise<{ rows: unknown[] }>;
                return result.then((done) => {
                  entry.rows = done.rows;
                  return done;
                });
              }
            : (Reflect.get(target, key, target) as unknown),
      });
    };

    it("commits a run's checkpoints without waiting for disk only when the run asks, and the setting ends with each commit", async () => {
      const sent: Array<{ text: string; rows?: unknown[] }> = [];
      const saver = new BatchedPostgresSaver(recordingPool(sent));
      const graph = graphOn(saver);
      const writesOf = () => sent.filter((statement) => statement.text.includes('INSERT INTO'));

      const relaxed = { configurable: { thread_id: `t_${randomUUID()}`, [RELAXED_CHECKPOINTS]: true } };
      await graph.invoke({ notes: [] }, { ...relaxed, durability: 'async' });
      await saver.runCheckpointsStored(relaxed.configurable.thread_id);
      const relaxedWrites = writesOf();
      expect(relaxedWrites.length).toBeGreaterThanOrEqual(2);
      // Each statement turned synchronous_commit off for its own transaction, and its rows were stored.
      for (const statement of relaxedWrites) expect(statement.rows).toEqual([{ set_config: 'off' }]);
      const thread = { configurable: { thread_id: relaxed.configurable.thread_id } };
      const paused = await stock.getTuple(thread);
      expect(paused?.pendingWrites?.some(([, channel]) => channel === INTERRUPT)).toBe(true);
      expect((await graphOn(stock).getState(thread)).values).toMatchObject({ notes: ['first'] });

      // Without the mark (a person's note put into the state, say) every commit waits for disk.
      sent.length = 0;
      await graph.invoke(
        { notes: [] },
        { configurable: { thread_id: `t_${randomUUID()}` }, durability: 'async' },
      );
      expect(writesOf().length).toBeGreaterThanOrEqual(2);
      expect(writesOf().filter((statement) => statement.text.includes('synchronous_commit'))).toEqual([]);
      // Nothing lingers on the pooled connections: later statements commit as configured.
      for (let i = 0; i < 4; i++) {
        const [setting] = await t.db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
        expect(setting?.synchronous_commit).toBe('on');
      }
    });

    it("sends a step's task writes with the checkpoint that follows, and alone when none follows", async () => {
      const sent: string[] = [];
      const pool = t.db.pool;
      // The same pool, counting the statements the saver sends through it.
      const counting = new Proxy(pool, {
        get: (target, key) =>
          key === 'query'
            ? (...args: Parameters<typeof pool.query>) => {
                const [statement] = args as unknown as [string | { text: string }];
                sent.push(typeof statement === 'string' ? statement : statement.text);
                return target.query(...args);
              }
            : (Reflect.get(target, key, target) as unknown),
      });
      const config = { configurable: { thread_id: `t_${randomUUID()}` } };
      const graph = graphOn(new BatchedPostgresSaver(counting));
      await graph.invoke({ notes: [] }, { ...config, durability: 'async' });
      const writes = sent.filter((text) => text.includes('INSERT INTO'));
      const checkpoints = writes.filter((text) => text.includes('INSERT INTO "public".checkpoints')).length;
      // Input, first and the paused second: a checkpoint each, each step's writes inside the one that follows;
      // the interrupt's writes, which no checkpoint may follow, go inside one or alone.
      expect(checkpoints).toBeGreaterThanOrEqual(2);
      expect(writes.length - checkpoints).toBeLessThanOrEqual(1);
      // What the stock saver reads back is the same as ever: the pause, then the resumed run.
      const paused = await stock.getTuple(config);
      expect(paused?.pendingWrites?.some(([, channel]) => channel === INTERRUPT)).toBe(true);
      const done = await graph.invoke(new Command({ resume: 'ok' }), { ...config, durability: 'async' });
      expect(done.notes).toEqual(['first', 'second', 'third after ok']);
      expect((await graphOn(stock).getState(config)).values).toEqual(done);

      // Writes that no checkpoint follows are stored on their own before the caller hears they are.
      const last = (await stock.getTuple(config))!;
      const before = sent.length;
      await new BatchedPostgresSaver(counting).putWrites(last.config, [['notes', ['late']]], 'late-task');
      expect(sent.slice(before).filter((text) => text.includes('checkpoint_writes'))).toHaveLength(1);
      const after = await stock.getTuple(config);
      expect(after?.pendingWrites).toContainEqual(['late-task', 'notes', ['late']]);
    });

    it("carries the trail writes held for its thread in the statements that store the thread's steps", async () => {
      const table = `trail_${randomUUID().replaceAll('-', '')}`;
      await t.db.query(`CREATE TABLE ${table} (id text PRIMARY KEY, note text NOT NULL)`);
      const sent: Array<{ text: string; rows?: unknown[] }> = [];
      // Held for a minute: only a statement that carries them stores them in time.
      const trail = new GroupedWrites(t.db, { commit: 'relaxed' }, 60_000);
      const saver = new BatchedPostgresSaver(recordingPool(sent), undefined, trail);
      const record = (threadId: string, id: string) =>
        void trail.writeLater(threadId, async (q) => {
          await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [id, 'decided']);
        });
      const threadOf = (config: LangGraphRunnableConfig) => String(config.configurable?.thread_id);
      // A step that records its decision, and one that records its decision and then pauses.
      const graph = new StateGraph(State)
        .addNode('first', (_state, config) => {
          record(threadOf(config), 'first');
          return { notes: ['first'] };
        })
        .addNode('second', (_state, config) => {
          record(threadOf(config), 'second');
          return { answer: interrupt<string, string>('approve?') };
        })
        .addEdge(START, 'first')
        .addEdge('first', 'second')
        .addEdge('second', END)
        .compile({ checkpointer: saver });
      const config = { configurable: { thread_id: `t_${randomUUID()}`, [RELAXED_CHECKPOINTS]: true } };
      await graph.invoke({ notes: [] }, { ...config, durability: 'async' });
      await saver.runCheckpointsStored(config.configurable.thread_id);

      const stored = await t.db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`);
      expect(stored.map((row) => row.id)).toEqual(['first', 'second']);
      const carriers = sent.filter((statement) => statement.text.includes(`INSERT INTO ${table}`));
      // Each record went in a statement that stores a checkpoint or a step's writes (the paused step's, which
      // no checkpoint follows), never in one of its own. Which one takes it depends on timing: a checkpoint
      // still being prepared when a step records takes that record too.
      expect(carriers.length).toBeGreaterThanOrEqual(1);
      expect(carriers.length).toBeLessThanOrEqual(2);
      for (const statement of carriers) {
        expect(statement.text).toMatch(/INSERT INTO "public"\.checkpoint(s|_writes)/);
        expect(statement.rows).toEqual([{ set_config: 'off' }]);
      }
      expect(sent.filter((statement) => /^\s*INSERT INTO trail_/.test(statement.text))).toEqual([]);
      // Nothing is left held, and the thread reads as it always has.
      expect(await trail.carry(config.configurable.thread_id)).toBeUndefined();
      expect((await graphOn(stock).getState(config)).values).toMatchObject({ notes: ['first'] });
    });

    it("tells when a thread's checkpoints on their way are stored, those handed over after them included", async () => {
      const saver = new BatchedPostgresSaver(t.db.pool);
      const threadId = `t_${randomUUID()}`;
      const stored = async () =>
        Number(
          (
            await t.db.query<{ n: string }>('SELECT count(*) AS n FROM checkpoints WHERE thread_id = $1', [
              threadId,
            ])
          )[0]!.n,
        );
      const first = emptyCheckpoint();
      const second = emptyCheckpoint();
      const config = { configurable: { thread_id: threadId, checkpoint_ns: '' } };
      const metadata = { source: 'loop' as const, step: 0, parents: {} };
      // As LangGraph hands them over with asynchronous durability: the second once the first is stored.
      const chain = saver
        .put(config, first, metadata, {})
        .then(() =>
          saver.put(
            { configurable: { ...config.configurable, checkpoint_id: first.id } },
            second,
            metadata,
            {},
          ),
        );
      await saver.checkpointsStored(threadId);
      expect(await stored()).toBe(2);
      await chain;
      // With nothing on its way, it answers at once.
      await saver.checkpointsStored(threadId);
      expect(await stored()).toBe(2);
    });

    /** Five steps in a row, each adding a note after `stepMs`. */
    const chainOn = (saver: PostgresSaver, stepMs = 0) => {
      const step = (note: string) => async () => {
        if (stepMs > 0) await new Promise((resolve) => setTimeout(resolve, stepMs));
        return { notes: [note] };
      };
      return new StateGraph(State)
        .addNode('a', step('a'))
        .addNode('b', step('b'))
        .addNode('c', step('c'))
        .addNode('d', step('d'))
        .addNode('e', step('e'))
        .addEdge(START, 'a')
        .addEdge('a', 'b')
        .addEdge('b', 'c')
        .addEdge('c', 'd')
        .addEdge('d', 'e')
        .addEdge('e', END)
        .compile({ checkpointer: saver });
    };

    /** The pool, with each checkpoint statement held back `delayMs` (a slow database) or failed by `fail`. */
    const slowPool = (
      checkpointStatements: string[],
      delayMs: number,
      fail?: (n: number, text: string) => boolean,
    ) => {
      const pool = t.db.pool;
      return new Proxy(pool, {
        get: (target, key) =>
          key === 'query'
            ? async (...args: Parameters<typeof pool.query>) => {
                const [statement] = args as unknown as [string | { text: string }];
                const text = typeof statement === 'string' ? statement : statement.text;
                if (!text.includes('INSERT INTO "public".checkpoints')) return target.query(...args);
                checkpointStatements.push(text);
                await new Promise((resolve) => setTimeout(resolve, delayMs));
                if (fail?.(checkpointStatements.length, text)) throw new Error('the database went away');
                return target.query(...args);
              }
            : (Reflect.get(target, key, target) as unknown),
      });
    };

    it("stores a run's checkpoints behind it, those of steps run meanwhile together, and says when all are", async () => {
      const statements: string[] = [];
      const saver = new BatchedPostgresSaver(slowPool(statements, 25));
      const threadId = `t_${randomUUID()}`;
      const config = { configurable: { thread_id: threadId, [RELAXED_CHECKPOINTS]: true } };
      const done = await chainOn(saver).invoke({ notes: [] }, { ...config, durability: 'async' });
      expect(done.notes).toEqual(['a', 'b', 'c', 'd', 'e']);
      await saver.runCheckpointsStored(threadId);

      const thread = { configurable: { thread_id: threadId } };
      const history: string[] = [];
      for await (const tuple of stock.list(thread)) history.push(tuple.checkpoint.id);
      // The empty thread, the input and the five steps: each a checkpoint, in fewer statements than that.
      expect(history).toHaveLength(7);
      expect(statements.length).toBeLessThan(history.length);
      expect((await chainOn(stock).getState(thread)).values).toEqual(done);
      // Time travel reads each of them back whole: the state after the second step (newest first: e, d, c, b).
      const afterB = await chainOn(stock).getState({
        configurable: { thread_id: threadId, checkpoint_id: history[3]! },
      });
      expect(afterB.values.notes).toEqual(['a', 'b']);
    });

    it("stores a run's closing statement in the statement of its last checkpoints, last, waiting for disk, and only with them", async () => {
      const table = `closing_${randomUUID().replaceAll('-', '')}`;
      await t.db.query(`CREATE TABLE ${table} (seq serial, thread_id text NOT NULL, what text NOT NULL)`);
      const note = (what: string) => `INSERT INTO ${table} (thread_id, what) VALUES ($1, '${what}')`;
      // Like a run's settlement: its final query answers, its event is a CTE nothing reads.
      const closing = (threadId: string) => ({
        ctes: [{ name: 'noted', sql: note('closing') }],
        select: 'SELECT 1 AS noted',
        params: [threadId],
      });
      const noted = async (threadId: string) =>
        (
          await t.db.query<{ what: string }>(`SELECT what FROM ${table} WHERE thread_id = $1 ORDER BY seq`, [
            threadId,
          ])
        ).map((row) => row.what);

      const statements: string[] = [];
      let failing = false;
      // As the desk's trail: run progress.
      const trail = new GroupedWrites(t.db, { commit: 'relaxed' });
      const saver = new BatchedPostgresSaver(
        slowPool(statements, 25, (_n, text) => failing && text.includes(table)),
        undefined,
        trail,
      );
      const run = async () => {
        const threadId = `t_${randomUUID()}`;
        const config = { configurable: { thread_id: threadId, [RELAXED_CHECKPOINTS]: true } };
        // The first step's checkpoint is slow to store: those of the others wait behind it, the last among them.
        await chainOn(saver).invoke({ notes: [] }, { ...config, durability: 'async' });
        // Decisions held back for the thread, which its next statement carries.
        const carried = ['trail 1', 'trail 2'].map((what) =>
          trail.writeLater(threadId, (q) => q.query(note(what), [threadId]).then(() => undefined)),
        );
        return { threadId, carried: Promise.all(carried) };
      };

      const stored = await run();
      expect(
        await saver.runCheckpointsStored(stored.threadId, { closing: closing(stored.threadId) }),
      ).toEqual([{ noted: 1 }]);
      await stored.carried;
      // No statement of its own: it went in the last one (the only statements `statements` records are those
      // that store checkpoints), which waited for disk, and it was written after what that statement carried,
      // which was written in the order it was recorded.
      expect(statements.filter((text) => text.includes(table))).toHaveLength(1);
      expect(statements.at(-1)).toContain('closing');
      expect(statements.at(-1)).not.toContain('synchronous_commit');
      expect(await noted(stored.threadId)).toEqual(['trail 1', 'trail 2', 'closing']);
      const history: string[] = [];
      for await (const tuple of stock.list({ configurable: { thread_id: stored.threadId } })) {
        history.push(tuple.checkpoint.id);
      }
      expect(history).toHaveLength(7);

      // That statement fails: the run hears it, and the closing statement is not stored either.
      failing = true;
      const lost = await run();
      await expect(
        saver.runCheckpointsStored(lost.threadId, { closing: closing(lost.threadId) }),
      ).rejects.toThrow('the database went away');
      expect(await noted(lost.threadId)).not.toContain('closing');
      failing = false;
      // The carried decision is not lost with it: it goes again on its own.
      await lost.carried;

      // Nothing left on its way: it goes on its own.
      expect(await saver.runCheckpointsStored(lost.threadId, { closing: closing(lost.threadId) })).toEqual([
        { noted: 1 },
      ]);
      expect(await noted(lost.threadId)).toEqual(['trail 1', 'trail 2', 'closing']);
      await t.db.query(`DROP TABLE ${table}`);
    });

    it('reads what a run handed over, stored or not yet, through the same saver', async () => {
      const saver = new BatchedPostgresSaver(slowPool([], 25));
      const threadId = `t_${randomUUID()}`;
      const config = { configurable: { thread_id: threadId, [RELAXED_CHECKPOINTS]: true } };
      const done = await chainOn(saver).invoke({ notes: [] }, { ...config, durability: 'async' });
      // Not waited for: the saver's own read waits for the checkpoints on their way.
      expect((await chainOn(saver).getState({ configurable: { thread_id: threadId } })).values).toEqual(done);
      await saver.runCheckpointsStored(threadId);
    });

    it("tells a run whose checkpoint failed at its end, stores none after it, and lets the thread's next run start afresh", async () => {
      const statements: string[] = [];
      let failing = true;
      const saver = new BatchedPostgresSaver(slowPool(statements, 10, (n) => failing && n === 2));
      const threadId = `t_${randomUUID()}`;
      const config = { configurable: { thread_id: threadId, [RELAXED_CHECKPOINTS]: true } };
      // Steps slower than nothing, so that checkpoints come after the one that fails.
      const run = await chainOn(saver, 4)
        .invoke({ notes: [] }, { ...config, durability: 'async' })
        .then(
          () => 'finished',
          (error: Error) => error.message,
        );
      // The run hears of it from a later checkpoint's refusal, and again when it asks at its end.
      expect(run).toBe('the database went away');
      await expect(saver.runCheckpointsStored(threadId)).rejects.toThrow('the database went away');
      // Time for a statement that should not have been sent to land, were one sent.
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Only the first statement's checkpoints are stored: nothing past the one that failed.
      const thread = { configurable: { thread_id: threadId } };
      const stored: string[] = [];
      const parents: string[] = [];
      for await (const tuple of stock.list(thread)) {
        stored.push(tuple.checkpoint.id);
        const parent = tuple.parentConfig?.configurable?.checkpoint_id as string | undefined;
        if (parent !== undefined) parents.push(parent);
      }
      expect(stored.length).toBeGreaterThanOrEqual(1);
      expect(stored.length).toBeLessThan(7);
      // No gap: every stored checkpoint's parent is stored too.
      for (const parent of parents) expect(stored).toContain(parent);
      const readBack = await chainOn(stock).getState(thread);

      // Told once: the next run goes on from the last stored checkpoint and stores all of its own.
      failing = false;
      await saver.runCheckpointsStored(threadId);
      const done = await chainOn(saver).invoke(null, { ...config, durability: 'async' });
      await saver.runCheckpointsStored(threadId);
      expect(done.notes).toEqual(['a', 'b', 'c', 'd', 'e']);
      // What the failed run left reads back whole: the notes of the steps it stored.
      const notesBack = (readBack.values as { notes?: string[] }).notes ?? [];
      expect(notesBack).toEqual(['a', 'b', 'c', 'd', 'e'].slice(0, notesBack.length));
      expect((await chainOn(stock).getState(thread)).values).toEqual(done);
    });

    it("answers a run's first read of a thread its claim found without a checkpoint without asking the database", async () => {
      const sent: Array<{ text: string; rows?: unknown[] }> = [];
      const saver = new BatchedPostgresSaver(recordingPool(sent));
      const threadId = `t_${randomUUID()}`;
      const run = {
        configurable: { thread_id: threadId, [RELAXED_CHECKPOINTS]: true, [THREAD_NOT_STARTED]: true },
      };
      const done = await graphOn(saver).invoke({ notes: [] }, { ...run, durability: 'async' });
      await saver.runCheckpointsStored(threadId);
      expect(done.notes).toEqual(['first']);
      expect(sent.filter((statement) => /^\s*select/i.test(statement.text))).toEqual([]);
      // Every other read asks, as ever.
      const latest = await saver.getTuple({ configurable: { thread_id: threadId } });
      expect(latest?.checkpoint.id).toBeDefined();
      expect(sent.filter((statement) => /^\s*select/i.test(statement.text))).toHaveLength(1);
    });

    it('commits writes sent together as a whole, or none of them when one fails', async () => {
      const table = `together_${randomUUID().replaceAll('-', '')}`;
      await t.db.query(`CREATE TABLE ${table} (id text PRIMARY KEY, note text NOT NULL)`);
      await writeTogether(t.db, async (q) => {
        await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, ['a', 'one']);
        await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, ['b', 'two']);
      });
      await expect(
        writeTogether(t.db, async (q) => {
          await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, ['c', 'three']);
          await q.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, ['d', null]);
        }),
      ).rejects.toThrow();
      // The session goes on after a failed statement (the embedded database's socket used to end it).
      const rows = await t.db.query<{ id: string; note: string }>(
        `SELECT id, note FROM ${table} ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 'a', note: 'one' },
        { id: 'b', note: 'two' },
      ]);
    });
  });
}
