// A thread's history as the dashboard and CLI show it (its checkpoints, newest first), and the checkpoint
// a replay or fork starts from.
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { DeskError } from '../errors.js';
import type { RequestRecord } from '../store/index.js';
import type { SupportGraph } from './build.js';
import type { CheckpointSummary, DeskStorage } from './desk-types.js';
import { threadConfig } from './graph-input.js';
import type { SupportStateValue } from './state.js';

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
  const snapshot = await graph.getState(config);
  const requestId = (snapshot.values as Partial<SupportStateValue>).requestId;
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
