// Intake: a customer's message is validated and stored as a queued request with its `customer.requests`
// event in one transaction, before any work starts, so a crash cannot lose it (a new conversation's request
// may be stored claimed by its run instead, with the run's task: see ThreadRuns.reserve). On a thread still
// handling a request the tenant's double-texting policy decides what the new message does.
import { randomUUID } from 'node:crypto';
import { validateCustomerText } from '../domain/index.js';
import { DeskError } from '../errors.js';
import { makeEvent } from '../events/envelope.js';
import type { DoubleTextingPolicy } from '../graph/progress.js';
import {
  isMissingReference,
  writeCustomerMessage,
  writeTogether,
  type Queryable,
  type RequestRecord,
} from '../store/index.js';
import type { AcceptedMessage, DeskStorage } from './desk-types.js';
import { supersedeRequest } from './settle.js';

export interface IncomingMessage {
  customerId: string;
  text: string;
  threadId?: string | undefined;
  /**
   * The request's id when the caller fixes it (a channel accepting the same email again after a crash): a
   * message already stored under it is not stored twice, and its request is returned as it stands.
   */
  requestId?: string | undefined;
}

/** A run to store a new conversation's request claimed by, with its task written in the same statement. */
export interface RunWrittenWithRequest {
  requestId: string;
  runId: string;
  /** Writes the run's task through the statement's Queryable. */
  write(q: Queryable): Promise<void>;
}

/**
 * Stores a message as a queued request; nothing runs yet. On a busy thread: `queue` (it waits its turn; a
 * thread waiting for a person answers it with that approval's status), `reject` (THREAD_BUSY) or `interrupt`
 * (a request waiting for a person is superseded; a running one is asked to stop at its next step). With `run`,
 * a message that starts a conversation is stored claimed by that run instead, with the run's task (the result's
 * `claimedBy` says so); any other message ignores it.
 */
export async function acceptMessage(
  storage: DeskStorage,
  defaultPolicy: DoubleTextingPolicy,
  input: IncomingMessage,
  run?: RunWrittenWithRequest,
): Promise<AcceptedMessage> {
  const { db, stores, tenantId } = storage;
  const text = validateCustomerText(input.text);
  const { customers, conversations, requests, outbox } = stores;
  const already = input.requestId === undefined ? undefined : await requests.get(tenantId, input.requestId);
  if (already) return { request: already, queuedBehind: undefined };
  const customerId = input.customerId;
  const noSuchCustomer = () =>
    new DeskError('CUSTOMER_NOT_FOUND', `No customer ${customerId}`, { customerId });
  let busy: RequestRecord | undefined;
  let policy: DoubleTextingPolicy = 'queue';
  if (input.threadId !== undefined) {
    // Three reads that do not wait for each other, sent together: the thread's open request is only used
    // once the thread is known to be this customer's.
    const [customer, conversation, open] = await Promise.all([
      customers.get(tenantId, customerId),
      conversations.get(tenantId, input.threadId),
      requests.openOnConversation(tenantId, input.threadId),
    ]);
    if (!customer) throw noSuchCustomer();
    // Another customer's thread is reported exactly like a missing one, so ids cannot be probed.
    if (!conversation || conversation.customerId !== customerId) {
      throw new DeskError('THREAD_NOT_FOUND', `No thread ${input.threadId} for this customer`, {
        threadId: input.threadId,
      });
    }
    busy = open;
    policy = busy ? ((await stores.settings.doubleTexting(tenantId)) ?? defaultPolicy) : 'queue';
    if (busy && policy === 'reject') {
      throw new DeskError('THREAD_BUSY', `Thread ${conversation.id} is still handling request ${busy.id}`, {
        threadId: conversation.id,
        requestId: busy.id,
        runStatus: busy.runStatus,
      });
    }
  }
  const threadId = input.threadId ?? `th_${randomUUID()}`;
  const claimedBy = input.threadId === undefined && input.requestId === undefined ? run : undefined;
  const requestId = input.requestId ?? claimedBy?.requestId ?? `req_${randomUUID()}`;
  const accepted = makeEvent({ tenantId, requestId, customerId }, 'customer.requests', 'request.accepted', {
    conversationId: threadId,
    text,
  });
  let request: RequestRecord | undefined;
  const store = async (q: Queryable) => {
    if (input.threadId === undefined) await conversations.create(tenantId, threadId, customerId, q);
    await conversations.addMessage(
      tenantId,
      { id: requestId, conversationId: threadId, requestId, role: 'customer', text },
      q,
    );
    await outbox.append(accepted, q, { conversationId: threadId });
    await claimedBy?.write(q);
    // Last, so that as one statement it returns the request as stored (no read back).
    request = await requests.create(
      tenantId,
      {
        id: requestId,
        conversationId: threadId,
        customerId,
        text,
        ...(claimedBy ? { claimedBy: claimedBy.runId } : {}),
      },
      q,
    );
  };
  if (input.threadId === undefined) {
    // A new conversation: nobody else can write to it yet, so its rows and its first event go as one statement
    // (atomic like a transaction, one round trip instead of six); the event lock is for threads others write to.
    // The customer is not read first: the conversation's reference to it refuses an unknown one, and nothing
    // of the statement is stored then.
    try {
      request = requests.created(await writeTogether(db, store));
    } catch (error) {
      if (isMissingReference(error) && !(await customers.get(tenantId, customerId))) throw noSuchCustomer();
      throw error;
    }
  } else if (busy && policy === 'interrupt') {
    await db.transaction(async (tx) => {
      await store(tx);
      if (busy.runStatus === 'waiting') await supersedeRequest(storage, busy, requestId, tx);
      // Whichever worker runs it stops at its next step; this one runs next.
      else await requests.requestStop(tenantId, busy.id, requestId, tx);
    });
  } else {
    // A message that only queues on its thread: one statement, under the thread's locks (see
    // writeCustomerMessage).
    request = await writeCustomerMessage(db, stores, {
      tenantId,
      conversationId: threadId,
      customerId,
      requestId,
      text,
      event: accepted,
    });
    // Erased since it was read: nothing was written.
    if (!request) {
      throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId} for this customer`, { threadId });
    }
  }
  if (!request) throw new Error(`Request ${requestId} was not stored`);
  const queuedBehind =
    busy && !(policy === 'interrupt' && busy.runStatus === 'waiting') ? busy.id : undefined;
  return { request, queuedBehind, ...(claimedBy ? { claimedBy: claimedBy.runId } : {}) };
}
