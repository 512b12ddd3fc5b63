// LangGraph's PostgresSaver, writing each checkpoint and each task's writes in one statement. The stock saver
// sends BEGIN, one INSERT per channel or write, and COMMIT: about twenty-five round trips per graph step for
// the desk's state. One multi-row statement is just as atomic and leaves the same rows, so reads, history,
// time travel and checkpoints written by the stock saver are unchanged.
import type { RunnableConfig } from '@langchain/core/runnables';
import type { Checkpoint, CheckpointMetadata } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';
import { StatementNames } from './statements.js';

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

export class BatchedPostgresSaver extends PostgresSaver {
  constructor(
    private readonly db: pg.Pool,
    /** The database's statement names, so the saver's statements are prepared like the rest. */
    private readonly statements = new StatementNames(true),
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
    // The blobs and the checkpoint that points at them commit together, as the stock saver's transaction does.
    const blobInsert =
      blobs.length === 0
        ? ''
        : `WITH blobs AS (
             INSERT INTO "public".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
             VALUES ${placeholders(blobs.length, 6, 6)}
             ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
           `;
    await this.statements.run(
      this.db,
      `${blobInsert}INSERT INTO "public".checkpoints
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
       DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      [...row, ...blobs.flat()],
    );
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns, checkpoint_id } = (config.configurable ?? {}) as Record<string, string>;
    const rows = await this._dumpWrites(thread_id!, checkpoint_ns!, checkpoint_id!, taskId, writes);
    // Like the stock saver: the special writes (error, interrupt, resume, scheduled; negative index) replace
    // what a retried task wrote before; ordinary writes are kept as first written.
    const special = rows.every((write) => write[4] < 0);
    await this.statements.run(
      this.db,
      `INSERT INTO "public".checkpoint_writes
         (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       VALUES ${placeholders(rows.length, 8)}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) DO ${
         special
           ? 'UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob'
           : 'NOTHING'
       }`,
      rows.flat(),
    );
  }
}
