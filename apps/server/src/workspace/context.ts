// What the workspace's commands share: their dependencies, the locked conversation they act on, and the
// events a person's work files under the conversation's newest request (so its streams carry them).
import { DeskError } from '../errors.js';
import { makeEvent } from '../events/envelope.js';
import type { EventTopic } from '@frontdesk/contracts';
import type { RunProgress } from '../graph/progress.js';
import type { TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { Interaction } from '../memory/session.js';
import type { HandBack } from '../runs/index.js';
import type { Database, LockedConversation, Queryable, Stores } from '../store/index.js';

export interface WorkspaceDeps {
  db: Database;
  stores: Stores;
  tenantId: string;
  logger: Logger;
  tasks: TaskQueue;
  /** Live, not durable: reaches every process's streams (a person typing). */
  live(progress: RunProgress): void;
  /** The thread's graph state: a hand-back goes in it so the agents' next answer builds on it. */
  threads: { rememberHandBack(threadId: string, handBack: HandBack): Promise<boolean> };
  /** The customer's session memory, when the deployment keeps one. */
  memory?: {
    recordInteraction(tenantId: string, customerId: string, interaction: Interaction): Promise<void>;
  };
  /** A held conversation with no activity this long returns to the unassigned queue. */
  idleMinutes: number;
}

/** Locks the conversation for the rest of `tx`; THREAD_NOT_FOUND when the tenant has none with that id. */
export async function lockConversation(
  deps: WorkspaceDeps,
  threadId: string,
  tx: Queryable,
): Promise<LockedConversation> {
  const locked = await deps.stores.assignments.lock(deps.tenantId, threadId, tx);
  if (!locked) throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
  return locked;
}

/** Writes an event of a person's work on the conversation to the outbox, in `tx`. */
export async function fileEvent(
  deps: WorkspaceDeps,
  conversation: LockedConversation,
  topic: EventTopic,
  type: string,
  data: Record<string, unknown>,
  tx: Queryable,
): Promise<void> {
  // Every conversation starts with a customer's message, so it always has a request to file under.
  if (!conversation.latestRequestId) return;
  await deps.stores.outbox.append(
    makeEvent(
      {
        tenantId: deps.tenantId,
        requestId: conversation.latestRequestId,
        customerId: conversation.customerId,
      },
      topic,
      type,
      { conversationId: conversation.id, ...data },
    ),
    tx,
  );
}
