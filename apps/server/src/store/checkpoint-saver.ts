// LangGraph's PostgresSaver, writing a thread's checkpoints and task writes in as few statements as it can. The
// stock saver sends BEGIN, one INSERT per channel or write, and COMMIT: about twenty-five round trips per graph
// step for the desk's state. One multi-row statement is just as atomic and leaves the same rows, so reads,
// history, time travel and checkpoints written by the stock saver are unchanged.
//
// A thread's writes go out one statement at a time, in the order they were handed over; whatever comes while
// one is on its way waits and goes in the next, together:
// - a task's writes wait for the rest of the current turn of the event loop: LangGraph saves the step's
//   checkpoint right after its last task finishes, so they usually go in the statement that stores it; writes
//   that no checkpoint follows in that turn (a run that stops on an interrupt or an error) go on their own;
// - the decision trail's writes held back for the thread (the conversation) go in the statement that stores
//   the thread's next checkpoint or writes, so a step's decision commits with the step's progress;
// - a run's checkpoints and task writes (RELAXED_CHECKPOINTS) are stored behind the run: LangGraph hands each
//   checkpoint over when the one before it was stored, so with one round trip a checkpoint the run would wait
//   at its end for as many round trips as it had steps; handed over at once, the checkpoints of the steps that
//   ran while one statement was on its way go together in the next. The run then asks `runCheckpointsStored`
//   before it settles, and its settlement goes in the statement that stores the last of them.
//
// A run's checkpoints commit without waiting for disk: on PostgreSQL that wait was a fifth of a desk request's
// time, for rows a crash would have the run write again anyway.
import type { RunnableConfig } from '@langchain/core/runnables';
import type { Checkpoint, CheckpointMetadata, CheckpointTuple } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';
import type { CarriedWrites, GroupedWrites } from './grouped-writes.js';
import { StatementNames } from './statements.js';
import {
  composedParts,
  inWritingOrder,
  RELAXED_COMMIT_TAIL,
  renumbered,
  type ComposableStatement,
} from './write-together.js';

/**
 * Set (to true) in the `configurable` of a graph run whose checkpoints are run progress. Their commits do not
 * wait for disk (see CommitOptions): LangGraph's asynchronous durability already lets a crash cost the last
 * steps, run again from the checkpoint before, and a database crash costs no more than that, since any later
 * commit that waits (the run settling, an approval opening) makes these durable too. And they are stored
 * behind the run: `put` and `putWrites` return once the checkpoint or the writes are queued, so whoever runs
 * the graph must await `runCheckpointsStored` before anything else relies on the thread's stored state.
 * Checkpoints and writes without it (a person's note put into the thread's state) are stored, and wait for
 * disk, before `put` or `putWrites` returns.
 */
export const RELAXED_CHECKPOINTS = 'relaxed_checkpoints';

const relaxed = (config: RunnableConfig) => config.configurable?.[RELAXED_CHECKPOINTS] === true;

/**
 * Set (to true) in the `configurable` of a run whose claim found its thread without a checkpoint (a new
 * conversation's first run): LangGraph's read of the thread's latest checkpoint, as the run starts, is
 * answered without asking the database. Runs on a thread go one at a time, so none can appear meanwhile.
 */
export const THREAD_NOT_STARTED = 'thread_not_started';

/** Placeholder lists already built: a request's steps repeat a handful of shapes. */
const built = new Map<string, string>();

/** `($1, $2, …), ($7, …)` for `rows` rows of `width` parameters each, after `offset` parameters. */
function placeholders(rows: number, width: number, offset = 0): string {
  const key = `${rows}:${width}:${offset}`;
  let list = built.get(key);
  if (list === undefined) {
    list = Array.from(
      { length: rows },
      (_, row) =>
        `(${Array.from({ length: width }, (_, col) => `$${offset + row * width + col + 1}`).join(', ')})`,
    ).join(', ');
    // Row counts are bounded by the state's channels, a task's writes and the steps of a batch.
    built.set(key, list);
  }
  return list;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

type ChannelVersions = Parameters<PostgresSaver['put']>[3];
type PendingWrite = Parameters<PostgresSaver['putWrites']>[1][number];
type ListOptions = Parameters<PostgresSaver['list']>[1];

/** A checkpoint handed over and serialised: its row and its new channel blobs (6 parameters each). */
interface QueuedCheckpoint {
  row: unknown[];
  blobs: unknown[][];
  relaxed: boolean;
}

/** One task's write rows (8 parameters each), and whether they are special writes (negative index). */
interface WriteGroup {
  rows: unknown[][];
  special: boolean;
  relaxed: boolean;
}

interface Caller {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A statement that closes a run, stored in the statement of its last checkpoints, and who waits for its rows. */
interface Closing {
  statement: ComposableStatement;
  resolve: (rows: object[]) => void;
  reject: (error: unknown) => void;
}

/** What one statement stores, and who waits to hear that it is stored. */
interface Batch {
  checkpoints: QueuedCheckpoint[];
  groups: WriteGroup[];
  callers: Caller[];
  closing?: Closing;
}

/** A thread's (and namespace's) checkpoints and writes on their way to the database. */
class Outgoing {
  /** Waiting to be sent, in order. */
  readonly batches: Batch[] = [];
  sending = false;
  /** A send of task writes alone is due at the end of this turn of the event loop. */
  sendScheduled = false;
  /** Checkpoints handed over and being serialised. */
  serialising = 0;
  /**
   * Checkpoints and task writes queued, and how many of them have been stored (or given up after a failure),
   * in order.
   */
  queued = 0;
  done = 0;
  readonly waiters: Array<{ until: number; wake: () => void }> = [];
  /** A run's statement failed: its later checkpoints are refused until the run is told. */
  failure: { error: unknown } | undefined;

  /** The batch new writes of `taskId` for `checkpointId` join: a new one after writes of the same task. */
  batchFor(taskId?: string, checkpointId?: string): Batch {
    let last = this.batches.at(-1);
    // A task written twice (a retried task) goes in order, in two statements: one statement cannot write a row
    // twice.
    const again = last?.groups.some(
      (group) => group.rows[0]?.[3] === taskId && group.rows[0]?.[2] === checkpointId,
    );
    if (!last || again) {
      last = { checkpoints: [], groups: [], callers: [] };
      this.batches.push(last);
    }
    return last;
  }

  /**
   * Puts `statement` in the last batch waiting to be sent (the run's last checkpoints), or in a batch of its
   * own when none waits; resolves with its rows once stored.
   */
  closeWith(statement: ComposableStatement): Promise<object[]> {
    let last = this.batches.at(-1);
    if (last === undefined || last.closing !== undefined) {
      last = { checkpoints: [], groups: [], callers: [] };
      this.batches.push(last);
    }
    const batch = last;
    return new Promise((resolve, reject) => (batch.closing = { statement, resolve, reject }));
  }

  get settled(): boolean {
    return this.serialising === 0 && this.done === this.queued;
  }

  get idle(): boolean {
    return (
      this.settled &&
      !this.sending &&
      !this.sendScheduled &&
      this.batches.length === 0 &&
      this.waiters.length === 0 &&
      this.failure === undefined
    );
  }

  wake(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (this.failure !== undefined || this.done >= waiter.until) {
        this.waiters.splice(i, 1);
        waiter.wake();
      }
    }
  }

  /** Resolves once the checkpoints and writes handed over so far are stored or given up. */
  async drained(): Promise<void> {
    // Serialising takes no input or output, so a turn of the event loop sees it through.
    while (this.serialising > 0) await nextTurn();
    const until = this.queued;
    if (this.done >= until || this.failure !== undefined) return;
    await new Promise<void>((wake) => this.waiters.push({ until, wake }));
  }
}

/** One INSERT into checkpoint_writes for a group, its parameters numbered from `offset`. */
function writesInsert(group: WriteGroup, offset: number): string {
  // Like the stock saver: the special writes (error, interrupt, resume, scheduled; negative index) replace
  // what a retried task wrote before; ordinary writes are kept as first written.
  return `INSERT INTO "public".checkpoint_writes
         (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       VALUES ${placeholders(group.rows.length, 8, offset)}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) DO ${
         group.special
           ? 'UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob'
           : 'NOTHING'
       }`;
}

const keyOf = (threadId: string, checkpointNs = '') => `${threadId}\u0000${checkpointNs}`;

export class BatchedPostgresSaver extends PostgresSaver {
  private readonly outgoing = new Map<string, Outgoing>();

  constructor(
    private readonly db: pg.Pool,
    /** The database's statement names, so the saver's statements are prepared like the rest. */
    private readonly statements = new StatementNames(true),
    /** The decision trail, whose writes held back for a conversation its thread's statements carry along. */
    private readonly trail?: Pick<GroupedWrites, 'carry'>,
  ) {
    super(db);
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id, checkpoint_ns = '', checkpoint_id } = config.configurable as Record<string, string>;
    const key = keyOf(thread_id!, checkpoint_ns);
    const out = this.outgoingFor(key);
    const behind = relaxed(config);
    let stored: Promise<void> | undefined;
    // Handed over from now on, so readers and writes that come while its blobs are serialised wait for it too.
    out.serialising += 1;
    try {
      const blobs = await this._dumpBlobs(thread_id!, checkpoint_ns, checkpoint.channel_values, newVersions);
      const serializedMetadata: unknown = await this._dumpMetadata(metadata);
      // A run whose earlier checkpoint failed stores no later one: it would name blobs that are not there.
      if (behind && out.failure !== undefined) throw out.failure.error;
      const row = [
        thread_id,
        checkpoint_ns,
        checkpoint.id,
        checkpoint_id,
        this._dumpCheckpoint(checkpoint),
        serializedMetadata,
      ];
      const batch = out.batchFor();
      batch.checkpoints.push({ row, blobs, relaxed: behind });
      out.queued += 1;
      if (!behind) stored = new Promise<void>((resolve, reject) => batch.callers.push({ resolve, reject }));
    } catch (error) {
      out.serialising -= 1;
      this.forgetIfIdle(key, out);
      throw error;
    }
    out.serialising -= 1;
    this.sendNext(key, out);
    await stored;
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns, checkpoint_id } = (config.configurable ?? {}) as Record<string, string>;
    const key = keyOf(thread_id!, checkpoint_ns);
    const out = this.outgoingFor(key);
    if (relaxed(config) && out.failure !== undefined) throw out.failure.error;
    let rows: Awaited<ReturnType<PostgresSaver['_dumpWrites']>>;
    try {
      rows = await this._dumpWrites(thread_id!, checkpoint_ns!, checkpoint_id!, taskId, writes);
    } catch (error) {
      this.forgetIfIdle(key, out);
      throw error;
    }
    const batch = out.batchFor(taskId, checkpoint_id);
    const behind = relaxed(config);
    batch.groups.push({ rows, special: rows.every((write) => write[4] < 0), relaxed: behind });
    out.queued += 1;
    // A run's writes are stored behind it, as its checkpoints are: LangGraph waits for the last step's before
    // its stream ends, which would keep the run's settlement out of the statement that stores them.
    const stored = behind
      ? undefined
      : new Promise<void>((resolve, reject) => batch.callers.push({ resolve, reject }));
    this.sendNext(key, out);
    return stored;
  }

  /** The stock read, once the thread's checkpoints handed over before it are stored (or given up). */
  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { checkpoint_id, [THREAD_NOT_STARTED]: notStarted } = config.configurable ?? {};
    if (notStarted === true && checkpoint_id === undefined) return undefined;
    await this.landed(config);
    return super.getTuple(config);
  }

  override async *list(config: RunnableConfig, options?: ListOptions): AsyncGenerator<CheckpointTuple> {
    await this.landed(config);
    yield* super.list(config, options);
  }

  /**
   * Resolves once no checkpoint of the thread is on its way: what a step wrote before it is then readable. An
   * approval waits for it before it opens, so whoever reads it finds the state that proposed it. Rejects if a
   * run's statement failed (its state is not all there).
   */
  async checkpointsStored(threadId: string, checkpointNs = ''): Promise<void> {
    const key = keyOf(threadId, checkpointNs);
    for (;;) {
      const out = this.outgoing.get(key);
      await out?.drained();
      if (out?.failure !== undefined) throw out.failure.error;
      // LangGraph hands a thread's next checkpoint over once the one before it is stored, through a chain
      // of promises: by the next turn of the event loop it has, if it had one waiting.
      await nextTurn();
      const now = this.outgoing.get(key);
      if (now === undefined || (now.settled && now.failure === undefined)) return;
    }
  }

  /**
   * The end of a run whose checkpoints were stored behind it (RELAXED_CHECKPOINTS): resolves once they all
   * are, or rejects with the statement that failed; either way the thread's next run starts afresh. The run's
   * stream has ended, so LangGraph has handed every checkpoint over: no turn of the event loop is waited for
   * one still to come, as `checkpointsStored` must.
   *
   * A `closing` statement (the run's settlement) is stored with the last of them, in the same statement, and
   * its commit waits for disk; it goes on its own, after them, when none is left to send. It is stored only if
   * they all are. Resolves with its rows.
   */
  async runCheckpointsStored<Row extends object = Record<string, unknown>>(
    threadId: string,
    { checkpointNs = '', closing }: { checkpointNs?: string; closing?: ComposableStatement } = {},
  ): Promise<Row[]> {
    const key = keyOf(threadId, checkpointNs);
    if (closing === undefined && !this.outgoing.has(key)) return [];
    const out = this.outgoingFor(key);
    try {
      // Serialising takes no input or output: a turn of the event loop queues every checkpoint handed over.
      while (out.serialising > 0) await nextTurn();
      let closed: Promise<object[]> | undefined;
      if (closing !== undefined && out.failure === undefined) {
        closed = out.closeWith(closing);
        // Heard below, after the failure of an earlier statement (which gives it up) is reported.
        closed.catch(() => undefined);
        this.sendNext(key, out);
      }
      await out.drained();
      if (out.failure !== undefined) throw out.failure.error;
      return ((await closed) ?? []) as Row[];
    } finally {
      out.failure = undefined;
      this.forgetIfIdle(key, out);
    }
  }

  private async landed(config: RunnableConfig): Promise<void> {
    const { thread_id, checkpoint_ns = '' } = (config.configurable ?? {}) as Record<string, string>;
    if (thread_id !== undefined) await this.outgoing.get(keyOf(thread_id, checkpoint_ns))?.drained();
  }

  private outgoingFor(key: string): Outgoing {
    let out = this.outgoing.get(key);
    if (out === undefined) {
      out = new Outgoing();
      this.outgoing.set(key, out);
    }
    return out;
  }

  private forgetIfIdle(key: string, out: Outgoing): void {
    if (out.idle && this.outgoing.get(key) === out) this.outgoing.delete(key);
  }

  /** Sends the first batch now if it stores a checkpoint, at the end of this turn if it holds writes only. */
  private sendNext(key: string, out: Outgoing): void {
    if (out.sending || out.sendScheduled) return;
    const first = out.batches[0];
    if (first === undefined) {
      this.forgetIfIdle(key, out);
      return;
    }
    if (first.checkpoints.length > 0) {
      this.send(key, out);
      return;
    }
    // The checkpoint that follows the step's writes comes in this turn, if one does.
    out.sendScheduled = true;
    setImmediate(() => {
      out.sendScheduled = false;
      if (!out.sending) this.send(key, out);
    });
  }

  private send(key: string, out: Outgoing): void {
    const batch = out.batches.shift();
    if (batch === undefined) {
      this.forgetIfIdle(key, out);
      return;
    }
    out.sending = true;
    void this.store(key.slice(0, key.indexOf('\u0000')), batch).then(
      () => this.sent(key, out, batch),
      (error: unknown) => this.sent(key, out, batch, error),
    );
  }

  private sent(key: string, out: Outgoing, batch: Batch, error?: unknown): void {
    out.sending = false;
    out.done += batch.checkpoints.length + batch.groups.length;
    // Told already when the statement ran and failed; this reaches those a failure before it left waiting.
    if (error !== undefined) giveUp(batch, error);
    if (error !== undefined && [...batch.checkpoints, ...batch.groups].some((item) => item.relaxed)) {
      // The run was told its checkpoints and writes were taken: it hears of the failure when it asks at its
      // end. The checkpoints after them name blobs and parents that are not there, so none is stored now.
      out.failure = { error };
      for (const later of out.batches.splice(0)) {
        giveUp(later, error);
        out.done += later.checkpoints.length + later.groups.length;
      }
    }
    out.wake();
    this.sendNext(key, out);
  }

  /** Stores `batch` (and the trail writes held for the thread) in one statement; tells its callers how it went. */
  private async store(threadId: string, batch: Batch): Promise<void> {
    const parts: string[] = [];
    const params: unknown[] = [];
    const blobs = batch.checkpoints.flatMap((checkpoint) => checkpoint.blobs);
    if (blobs.length > 0) {
      parts.push(`INSERT INTO "public".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
             VALUES ${placeholders(blobs.length, 6, params.length)}
             ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING`);
      params.push(...blobs.flat());
    }
    for (const group of batch.groups) {
      parts.push(writesInsert(group, params.length));
      params.push(...group.rows.flat());
    }
    const carried = await this.trail?.carry(threadId);
    for (const statement of carried?.statements ?? []) {
      parts.push(renumbered(statement.sql, params.length));
      params.push(...statement.params);
    }
    // One row per checkpoint: a checkpoint handed over twice keeps what it was handed over with last.
    const rows = [
      ...new Map(batch.checkpoints.map((checkpoint) => [checkpoint.row[2], checkpoint.row])).values(),
    ];
    if (rows.length > 0) {
      parts.push(`INSERT INTO "public".checkpoints
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ${placeholders(rows.length, 6, params.length)}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
       DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`);
      params.push(...rows.flat());
    }
    // The blobs and the checkpoints that point at them commit together, as the stock saver's transaction
    // does, and with them the task and trail writes (each row names its own checkpoint) and the statement
    // closing the run, which ends it. Relaxed only when all it stores is run progress.
    // The writes run in the order they were listed (the trail's events are numbered in the order the steps
    // recorded them), and the closing statement's after them all, as one unit whose CTEs read each other: a
    // stream reading a request up to its settlement would otherwise miss the last step's decision.
    const { closing } = batch;
    let ctes = parts.map((part, i) => `p${i} AS (${part})`);
    let last: string;
    if (closing !== undefined) {
      const composed = composedParts(closing.statement, params.length);
      params.push(...closing.statement.params);
      ctes = [...composed.ctes, ...inWritingOrder(ctes)];
      last = composed.select;
    } else if ([...batch.checkpoints, ...batch.groups].every((item) => item.relaxed)) {
      ctes = inWritingOrder(ctes);
      last = RELAXED_COMMIT_TAIL;
    } else {
      ctes = inWritingOrder(ctes.slice(0, -1));
      last = parts.at(-1)!;
    }
    const sql = ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last;
    await settle(batch, carried, () => this.statements.run(this.db, sql, params));
  }
}

/** Tells whoever waits on `batch` that it was not stored. */
function giveUp(batch: Batch, error: unknown): void {
  for (const caller of batch.callers) caller.reject(error);
  batch.closing?.reject(error);
}

/** Runs the statement that stores a batch and the carried trail writes, then tells their callers how it went. */
async function settle(
  batch: Batch,
  carried: CarriedWrites | undefined,
  send: () => Promise<pg.QueryResult>,
): Promise<void> {
  let rows: object[];
  try {
    rows = (await send()).rows as object[];
  } catch (error) {
    giveUp(batch, error);
    carried?.failed();
    throw error;
  }
  for (const caller of batch.callers) caller.resolve();
  batch.closing?.resolve(rows);
  carried?.stored();
}
