// While a person holds a thread the agents do not answer on it. A run checks the hold before it starts, and
// every agent reply checks it again under the conversation's lock (the lock a claim takes too; see the
// store's agent-reply.ts), so when a claim races an agent's answer exactly one of them answers the message.
import { DeskError, isDeskError } from '../errors.js';
import { makeEvent } from '../events/envelope.js';
import type { RequestRecord } from '../store/index.js';
import type { DeskStorage } from './desk-types.js';

/** Thrown by an agent reply on a thread a person took over meanwhile: the reply is not recorded. */
export const heldByPerson = (threadId: string, holder: string) =>
  new DeskError('CONVERSATION_HELD', `${holder} holds thread ${threadId}: the agents do not answer on it`, {
    threadId,
    holder,
  });

export const isHeldByPerson = (error: unknown): boolean =>
  (isDeskError(error) && error.code === 'CONVERSATION_HELD') ||
  (error instanceof Error && error.cause !== undefined && isHeldByPerson(error.cause));

/**
 * Leaves the request to the person holding its thread, when one does: settled `with_person`, the graph not
 * run. Returns whether it did. A person answers the message from the workspace.
 */
export async function leaveToPerson(
  storage: DeskStorage,
  request: RequestRecord,
  /** Whether a person held the thread when its run was claimed (read with the claim); unknown: read now. */
  heldAtClaim?: boolean,
): Promise<boolean> {
  const { db, stores, tenantId } = storage;
  // Most threads have nobody holding them: one read says so (or the claim did), without the lock's
  // transaction. A person who claims the thread just after it is caught where it matters, by the reply's own
  // check under the lock.
  const held =
    heldAtClaim ?? (await stores.assignments.holderOf(tenantId, request.conversationId)) !== undefined;
  if (!held) return false;
  return db.transaction(async (tx) => {
    const locked = await stores.assignments.lock(tenantId, request.conversationId, tx);
    if (!locked?.holder) return false;
    await stores.requests.markSettled(
      tenantId,
      request.id,
      { runStatus: 'done', outcome: 'with_person' },
      tx,
    );
    await stores.conversations.setStatus(tenantId, request.conversationId, 'with_person', tx);
    await stores.outbox.append(
      makeEvent(
        { tenantId, requestId: request.id, customerId: request.customerId },
        'system.analytics',
        'request.settled',
        { conversationId: request.conversationId, status: 'with_person', heldBy: locked.holder.holder },
      ),
      tx,
    );
    return true;
  });
}
