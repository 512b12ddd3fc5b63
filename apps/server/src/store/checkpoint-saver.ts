// LangGraph's PostgresSaver, writing each checkpoint and each task's writes in one statement. The stock saver
// sends BEGIN, one INSERT per channel or write, and COMMIT: about twenty-five round trips per graph step for
// the desk's state. One multi-row statement is just as atomic and leaves the same rows, so reads, history,
// time travel and checkpoints written by the stock saver are unchanged.
//
// A task's writes wait for the rest of the current turn of the event loop before they are sent: LangGraph
// saves the step's checkpoint right after its last task finishes, so the writes usually go out in the same
// statement as that checkpoint (one round trip a step instead of two). Writes that no checkpoint follows in
// that turn (a run that stops on an interrupt or an error) are sent on their own. Either way the promise
// LangGraph awaits settles only once the rows are stored.
//
// A checkpoint also carries the decision trail's writes held back for its thread (the conversation): an agent
// step's decision and tool calls are stored in the statement that stores the step's checkpoint, so the trail
// and the thread's progress commit together, and a step costs one statement, not two.
//
// A run's checkpoints commit without waiting for disk (RELAXED_CHECKPOINTS): on PostgreSQL that wait was a
// fifth of a desk request's time, for rows a crash would have the run write again anyway.
import type { RunnableConfig } from '@langchain/core/runnables';
import type { Checkpoint, CheckpointMetadata } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';
import type { CarriedWrites, GroupedWrites } from './grouped-writes.js';
import { StatementNames } from './statements.js';
import { RELAXED_COMMIT_TAIL, renumbered } from './write-together.js';

/**
 * Set (to true) in the `configurable` of a graph run whose checkpoints are run progress: their commits do not
 * wait for disk (see CommitOptions). LangGraph's asynchronous durability already lets a crash cost the last
 * step or two, run again from the checkpoint before; a database crash costs no more than that, since any
 * later commit that waits (the run settling, an approval opening) makes these durable too. Checkpoints
 * written without it (a person's note put into the thread's state) wait for disk.
 */
export const RELAXED_CHECKPOINTS = 'relaxed_checkpoints';

const relaxed = (config: RunnableConfig) => config.configurable?.[RELAXED_CHECKPOINTS] === true;

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
    // Row counts are bounded by the state's channels and a task's writes, so the map stays small.
    built.set(key, list);
  }
  return list;
}

type ChannelVersions = Parameters<PostgresSaver['put']>[3];
type PendingWrite = Parameters<PostgresSaver['putWrites']>[1][number];

/** One task's write rows (8 parameters each), and whether they are special writes (negative index). */
interface WriteGroup {
  rows: unknown[][];
  special: boolean;
  /** Written by a run whose checkpoints are relaxed (RELAXED_CHECKPOINTS). */
  relaxed: boolean;
}

/** Writes of one thread waiting to be sent, with the callers waiting on them. */
interface WaitingWrites {
  groups: WriteGroup[];
  settle: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
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

export class BatchedPostgresSaver extends PostgresSaver {
  /** Per thread (and namespace): task writes not sent yet. */
  private readonly waiting = new Map<string, WaitingWrites>();
  /** Per thread (and namespace): checkpoints being stored now. */
  private readonly storing = new Map<string, number>();
  /** Per thread (and namespace): who waits for its checkpoints being stored now (checkpointsStored). */
  private readonly whenStored = new Map<string, Array<() => void>>();

  constructor(
    private readonly db: pg.Pool,
    /** The database's statement names, so the saver's statements are prepared like the rest. */
    private readonly statements = new StatementNames(true),
    /** The decision trail, whose writes held back for a conversation its thread's statements carry along. */
    private readonly trail?: Pick<GroupedWrites, 'carry'>,
  ) {
    super(db);
  }

  /** The thread's held-back trail writes as CTEs numbered after `params` (which takes their parameters). */
  private async carry(
    threadId: string,
    ctes: string[],
    params: unknown[],
  ): Promise<CarriedWrites | undefined> {
    const carried = await this.trail?.carry(threadId);
    for (const [i, statement] of (carried?.statements ?? []).entries()) {
      ctes.push(`trail${i} AS (${renumbered(statement.sql, params.length)})`);
      params.push(...statement.params);
    }
    return carried;
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id, checkpoint_ns = '' } = config.configurable as Record<string, string>;
    const key = `${thread_id}\u0000${checkpoint_ns}`;
    // Storing from the moment LangGraph hands it over (it does not wait for it), so writes and readers that
    // come while its blobs are serialised wait for it too.
    this.storing.set(key, (this.storing.get(key) ?? 0) + 1);
    try {
      await this.store(key, config, checkpoint, metadata, newVersions);
    } finally {
      const left = this.storing.get(key)! - 1;
      if (left > 0) this.storing.set(key, left);
      else {
        this.storing.delete(key);
        // Writes that came while this checkpoint was stored: LangGraph sends the next checkpoint (if any)
        // as soon as this one is stored, so they wait one more turn for it.
        const waiting = this.waiting.get(key);
        if (waiting) this.sendLater(key, waiting);
        for (const done of this.whenStored.get(key) ?? []) done();
        this.whenStored.delete(key);
      }
    }
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  /**
   * Resolves once no checkpoint of the thread is being stored: what a step wrote before it is then readable.
   * An approval waits for it before it opens, so whoever reads it finds the state that proposed it.
   */
  async checkpointsStored(threadId: string, checkpointNs = ''): Promise<void> {
    const key = `${threadId}\u0000${checkpointNs}`;
    for (;;) {
      if (this.storing.has(key)) {
        await new Promise<void>((resolve) => {
          const waiters = this.whenStored.get(key) ?? [];
          waiters.push(resolve);
          this.whenStored.set(key, waiters);
        });
      }
      // LangGraph hands a thread's next checkpoint over once the one before it is stored, through a chain
      // of promises: by the next turn of the event loop it has, if it had one waiting.
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.storing.has(key)) return;
    }
  }

  private async store(
    key: string,
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<void> {
    const { thread_id, checkpoint_ns = '', checkpoint_id } = config.configurable as Record<string, string>;
    const blobs = await this._dumpBlobs(thread_id!, checkpoint_ns, checkpoint.channel_values, newVersions);
    const serializedMetadata: unknown = await this._dumpMetadata(metadata);
    const row = [
      thread_id,
      checkpoint_ns,
      checkpoint.id,
      checkpoint_id,
      this._dumpCheckpoint(checkpoint),
      serializedMetadata,
    ];
    // The blobs and the checkpoint that points at them commit together, as the stock saver's transaction does,
    // and with them any task writes still waiting (each row names its own checkpoint).
    const ctes: string[] = [];
    const params: unknown[] = [...row];
    if (blobs.length > 0) {
      ctes.push(`blobs AS (
             INSERT INTO "public".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
             VALUES ${placeholders(blobs.length, 6, params.length)}
             ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)`);
      params.push(...blobs.flat());
    }
    const writes = this.waiting.get(key);
    this.waiting.delete(key);
    for (const [i, group] of (writes?.groups ?? []).entries()) {
      ctes.push(`writes${i} AS (${writesInsert(group, params.length)})`);
      params.push(...group.rows.flat());
    }
    const carried = await this.carry(thread_id!, ctes, params);
    const insert = `INSERT INTO "public".checkpoints
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
       DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`;
    // Relaxed only when the writes it takes along are too (a checkpoint and its writes share one commit).
    const sql =
      relaxed(config) && (writes?.groups ?? []).every((group) => group.relaxed)
        ? `WITH ${[...ctes, `checkpoint AS (${insert})`].join(', ')} ${RELAXED_COMMIT_TAIL}`
        : `${ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : ''}${insert}`;
    await this.settle(writes, carried, () => this.statements.run(this.db, sql, params));
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns, checkpoint_id } = (config.configurable ?? {}) as Record<string, string>;
    const rows = await this._dumpWrites(thread_id!, checkpoint_ns!, checkpoint_id!, taskId, writes);
    const group: WriteGroup = {
      rows,
      special: rows.every((write) => write[4] < 0),
      relaxed: relaxed(config),
    };
    const key = `${thread_id}\u0000${checkpoint_ns ?? ''}`;
    let waiting = this.waiting.get(key);
    // A task written twice before anything was sent (a retried task) goes in order: the first send goes now.
    if (
      waiting?.groups.some((other) => other.rows[0]?.[3] === taskId && other.rows[0]?.[2] === checkpoint_id)
    )
      void this.sendWaiting(key, waiting);
    waiting = this.waiting.get(key);
    if (!waiting) {
      const created: WaitingWrites = { groups: [], settle: [] };
      this.waiting.set(key, created);
      // LangGraph stores a thread's checkpoints one after the other: while one is being stored, the next
      // (which will take these writes) comes once it is done. Otherwise the next comes in this turn or never.
      if (!this.storing.has(key)) this.sendLater(key, created);
      waiting = created;
    }
    waiting.groups.push(group);
    return new Promise<void>((resolve, reject) => waiting.settle.push({ resolve, reject }));
  }

  /** Sends the writes on their own at the end of this turn of the event loop, unless a checkpoint took them. */
  private sendLater(key: string, waiting: WaitingWrites): void {
    setImmediate(() => void this.sendWaiting(key, waiting));
  }

  /** Sends a thread's waiting writes on their own, unless a checkpoint took them already. */
  private async sendWaiting(key: string, waiting: WaitingWrites): Promise<void> {
    if (this.waiting.get(key) !== waiting) return;
    this.waiting.delete(key);
    const params: unknown[] = [];
    const inserts = waiting.groups.map((group) => {
      const sql = writesInsert(group, params.length);
      params.push(...group.rows.flat());
      return sql;
    });
    const last = waiting.groups.every((group) => group.relaxed) ? RELAXED_COMMIT_TAIL : inserts.pop()!;
    const ctes = inserts.map((sql, i) => `writes${i} AS (${sql})`);
    // An interrupted step's writes are its last: they carry its decision.
    const carried = await this.carry(key.slice(0, key.indexOf('\u0000')), ctes, params);
    // Its callers are told of a failure; nobody else awaits this send.
    await this.settle(waiting, carried, () =>
      this.statements.run(this.db, ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last, params),
    ).catch(() => undefined);
  }

  /** Runs the statement that stores `waiting` and `carried` (if any), then tells their callers how it went. */
  private async settle(
    waiting: WaitingWrites | undefined,
    carried: CarriedWrites | undefined,
    send: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await send();
    } catch (error) {
      for (const caller of waiting?.settle ?? []) caller.reject(error);
      carried?.failed();
      throw error;
    }
    for (const caller of waiting?.settle ?? []) caller.resolve();
    carried?.stored();
  }
}
