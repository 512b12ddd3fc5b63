// The one module that reads LangGraph's checkpoints: where a thread stopped (and on which approval), its
// history as the dashboard and CLI show it, the checkpoint a replay or fork starts from, and the state of
// the thread when an approval was opened. LangGraph's own channel and task names stay in here.
import {
  INTERRUPT,
  type BaseCheckpointSaver,
  type Interrupt,
  type StateSnapshot,
} from '@langchain/langgraph';
import { DeskError } from '../errors.js';
import type { ApprovalRequest } from '../graph/approval-types.js';
import type { SupportGraph } from '../graph/build.js';
import type { SupportStateValue } from '../graph/state.js';
import type { RequestRecord } from '../store/index.js';
import type { CheckpointSummary, DeskStorage } from './desk-types.js';
import { threadConfig } from './graph-input.js';

/** Where a thread's latest checkpoint stands: whose request it holds, its values, the approval it waits on. */
export interface ThreadStop {
  requestId: string | undefined;
  values: Partial<SupportStateValue>;
  waitingOn: ApprovalRequest | undefined;
}

/** The approval request a snapshot is paused on, if it is paused. */
function pendingIn(snapshot: StateSnapshot): ApprovalRequest | undefined {
  for (const task of snapshot.tasks) {
    const pending = task.interrupts[0];
    if (pending) return pending.value as ApprovalRequest;
  }
  return undefined;
}

/** Where the thread stopped (its latest checkpoint, or `config`'s). */
export async function whereThreadStopped(
  graph: SupportGraph,
  config: { configurable: Record<string, string> },
): Promise<ThreadStop> {
  const snapshot = await graph.getState(config);
  const values = snapshot.values as Partial<SupportStateValue>;
  return { requestId: values.requestId, values, waitingOn: pendingIn(snapshot) };
}

/**
 * Where a run's thread stopped, told from its stream (mode `values`) rather than read back from its latest
 * checkpoint: the state after the last step (what that checkpoint holds) and the approval a step paused on
 * (a pause is streamed as a chunk of its own, holding only the interrupts, and leaves the state as it was).
 * `stop` is undefined when the stream showed no state (a run that had nothing left to do).
 */
export class StreamedStop {
  private values: Partial<SupportStateValue> | undefined;
  private waitingOn: ApprovalRequest | undefined;

  /** Takes a `values` chunk; says whether it was a step's state (not a pause). */
  see(chunk: Record<string, unknown>): boolean {
    if (!(INTERRUPT in chunk)) {
      this.values = chunk;
      return true;
    }
    const pause = (chunk[INTERRUPT] as Interrupt[] | undefined)?.[0];
    this.waitingOn ??= pause?.value as ApprovalRequest | undefined;
    return false;
  }

  get stop(): ThreadStop | undefined {
    const { values, waitingOn } = this;
    return values && { requestId: values.requestId, values, waitingOn };
  }
}

/** The nodes a checkpoint runs next (a fork sends its edited state there). */
export async function nextNodes(
  graph: SupportGraph,
  config: { configurable: Record<string, string> },
): Promise<string[]> {
  return [...(await graph.getState(config)).next];
}

/** The part of the checkpointer an approval's view needs. */
export type CheckpointReader = Pick<BaseCheckpointSaver, 'list'>;

export type StateWhenOpened = Partial<
  Pick<SupportStateValue, 'approvalRequest' | 'draft' | 'findings' | 'pendingChange'>
>;

/**
 * The state of the thread when the approval was opened — the oldest checkpoint that carries it, as later
 * ones may hold a person's edit or the next turn — or undefined when no checkpoint carries it.
 */
export async function stateWhenApprovalOpened(
  checkpoints: CheckpointReader,
  threadId: string,
  approvalId: string,
): Promise<StateWhenOpened | undefined> {
  let opened: StateWhenOpened | undefined;
  // Newest first: the approval's checkpoints are one run of the history, so the walk stops after it.
  for await (const tuple of checkpoints.list({ configurable: { thread_id: threadId } })) {
    if ((tuple.config.configurable?.checkpoint_ns ?? '') !== '') continue;
    const values = tuple.checkpoint.channel_values as StateWhenOpened;
    if (values.approvalRequest?.approvalId === approvalId) opened = values;
    else if (opened) break;
  }
  return opened;
}

export async function requireThread({ stores, tenantId }: DeskStorage, threadId: string): Promise<void> {
  if (!(await stores.conversations.get(tenantId, threadId))) {
    throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
  }
}

/** The thread's checkpoints, newest first. */
export async function checkpointSummaries(
  graph: SupportGraph,
  threadId: string,
): Promise<CheckpointSummary[]> {
  const summaries: CheckpointSummary[] = [];
  for await (const snapshot of graph.getStateHistory(threadConfig(threadId))) {
    const values = snapshot.values as Partial<SupportStateValue>;
    summaries.push({
      checkpointId: String(snapshot.config.configurable?.checkpoint_id),
      parentCheckpointId: snapshot.parentConfig?.configurable?.checkpoint_id as string | undefined,
      step: snapshot.metadata?.step ?? -1,
      source: snapshot.metadata?.source ?? 'unknown',
      createdAt: snapshot.createdAt,
      next: [...snapshot.next],
      stage: values.stage,
      agent: values.currentAgent,
      requestId: values.requestId,
    });
  }
  return summaries;
}

/**
 * One checkpoint of a thread with the request it belongs to. Throws THREAD_NOT_FOUND, or
 * CHECKPOINT_NOT_FOUND for an unknown checkpoint or one before the thread's first request.
 */
export async function locateCheckpoint(
  storage: DeskStorage,
  graph: SupportGraph,
  checkpointer: BaseCheckpointSaver,
  threadId: string,
  checkpointId: string,
): Promise<{ request: RequestRecord; config: { configurable: Record<string, string> } }> {
  await requireThread(storage, threadId);
  const config = { configurable: { thread_id: threadId, checkpoint_id: checkpointId } };
  const tuple = await checkpointer.getTuple(config);
  if (!tuple || tuple.config.configurable?.checkpoint_id !== checkpointId) {
    throw new DeskError('CHECKPOINT_NOT_FOUND', `No checkpoint ${checkpointId} in thread ${threadId}`, {
      threadId,
      checkpointId,
    });
  }
  const { requestId } = await whereThreadStopped(graph, config);
  const request = requestId ? await storage.stores.requests.get(storage.tenantId, requestId) : undefined;
  if (!request) {
    throw new DeskError(
      'CHECKPOINT_NOT_FOUND',
      `Checkpoint ${checkpointId} is before the thread's first request`,
      {
        threadId,
        checkpointId,
      },
    );
  }
  return { request, config };
}
