// Where a run stopped: delivered, escalated, or paused on a person — recorded on the request and the
// conversation with its analytics event, and described to the desk's caller with its decisions; a request
// closed because a newer message superseded it; and one answered with the status of the approval its thread
// waits for.
import { followUpAcknowledgement } from '../domain/hand-off.js';
import { detectLanguage } from '../domain/language.js';
import { DeskError } from '../errors.js';
import {
  settlementStatement,
  type ComposableStatement,
  type DecisionRecord,
  type Queryable,
  type RequestRecord,
} from '../store/index.js';
import { makeEvent } from '../events/envelope.js';
import type { ThreadStop } from './checkpoints.js';
import type { DeskResult, DeskStatus, DeskStorage } from './desk-types.js';

/** Where a run stopped, as recorded on its request. */
export interface SettledRun {
  request: RequestRecord;
  status: DeskStatus;
  reply: string | undefined;
  stop: ThreadStop;
}

/**
 * Stores what a run left on its way (its last checkpoints and decisions), with `closing` in the same
 * statement when given, and resolves with that statement's rows (see `runCheckpointsStored`).
 */
export type LandRun = (closing?: ComposableStatement) => Promise<object[]>;

/**
 * Records where the request's run stopped (as the thread's checkpoint shows); `describeRequest` describes it
 * to a caller that waits. A `claimed` run (a `graph.run` task's) settles only a request still running, so two
 * runners of one claim — BullMQ hands a job whose lock lapsed to another worker even when the first is only
 * slow — settle it once. `land` stores what the run left on its way first: a run that finished is settled in
 * the statement that stores its last checkpoints (one round trip fewer at the end of every request).
 */
export async function settleRequest(
  storage: DeskStorage,
  request: RequestRecord,
  stop: ThreadStop,
  { claimed = false, land }: { claimed?: boolean; land: LandRun },
): Promise<SettledRun> {
  const { db, stores, tenantId } = storage;
  const { waitingOn, values } = stop;
  const status: DeskStatus = waitingOn
    ? waitingOn.kind === 'review'
      ? 'awaiting_approval'
      : 'escalated'
    : (values.outcome ?? 'failed');
  const reply = waitingOn ? undefined : (values.reply ?? undefined);
  const settledEvent = makeEvent(
    { tenantId, requestId: request.id, customerId: request.customerId },
    'system.analytics',
    'request.settled',
    { conversationId: request.conversationId, status, priority: values.priority, metrics: values.metrics },
  );
  if (!waitingOn) {
    // Done: the outcome, the conversation's status and the event in one statement, with the last checkpoints.
    await land(
      settlementStatement(stores.outbox, {
        tenantId,
        requestId: request.id,
        conversationId: request.conversationId,
        outcome: status,
        reply,
        conversationStatus: status,
        event: settledEvent,
        claimed,
      }),
    );
    return { request, status, reply, stop };
  }
  await land();
  await db.transaction(async (tx) => {
    // The approval is opened a moment before the run records its pause, and a person may answer in between
    // (the load test did, and the request then waited for ever). Its row is locked first, as an answer
    // locks it, so either the answer sees the request waiting and queues it, or this sees the answer.
    const approval = await stores.approvals.statusForUpdate(tenantId, waitingOn.approvalId, tx);
    const answered = approval !== undefined && approval !== 'pending';
    const result = { runStatus: 'waiting' as const, outcome: status };
    if (claimed) {
      if (!(await stores.requests.markRunSettled(tenantId, request.id, result, tx))) return;
    } else await stores.requests.markSettled(tenantId, request.id, result, tx);
    if (answered) await stores.requests.queueResume(tenantId, request.id, tx);
    await stores.conversations.setStatus(tenantId, request.conversationId, status, tx);
    await stores.outbox.append(settledEvent, tx);
  });
  return { request, status, reply, stop };
}

/**
 * Describes a settled request to a caller that waited for it: its status and reply as recorded, its steps
 * and tool calls, and (when the thread still stops on it) its approval and ticket. Throws RUN_FAILED for a
 * run that failed.
 */
export async function describeSettled(
  storage: DeskStorage,
  request: RequestRecord,
  stop: ThreadStop,
  /** The request's decisions, when the caller read them already (beside the request). */
  recorded?: DecisionRecord[],
): Promise<DeskResult> {
  if (request.runStatus === 'failed') {
    throw new DeskError('RUN_FAILED', `The run of ${request.id} failed: ${request.lastError ?? 'unknown'}`, {
      requestId: request.id,
      threadId: request.conversationId,
    });
  }
  const own = stop.requestId === request.id;
  return describeRequest(
    storage,
    {
      request,
      status: request.outcome ?? 'failed',
      reply: request.reply,
      stop: own ? stop : { requestId: stop.requestId, values: {}, waitingOn: undefined },
    },
    recorded,
  );
}

/**
 * Describes a settled run to whoever waits for it, with its steps and tool calls as recorded. Read only when
 * someone asks: a `graph.run` task's caller hears through the request and its events instead.
 */
export async function describeRequest(
  { stores, tenantId }: DeskStorage,
  { request, status, reply, stop }: SettledRun,
  read?: DecisionRecord[],
): Promise<DeskResult> {
  const { waitingOn, values } = stop;
  const recorded = read ?? (await stores.decisions.byRequest(tenantId, request.id));
  const decisions = recorded
    .filter((decision) => decision.kind === 'step')
    .map(({ id, agent, outcome, confidence, reasons, durationMs, at }) => ({
      id,
      agent,
      outcome,
      confidence,
      reasons,
      durationMs,
      at,
    }));
  const toolCalls = recorded.flatMap(({ id, agent, outcome, durationMs, at, toolCall }) =>
    toolCall ? [{ id, agent, ...toolCall, outcome, durationMs, at }] : [],
  );
  return {
    threadId: request.conversationId,
    requestId: request.id,
    status,
    ...(reply ? { reply } : {}),
    ...(values.ticketId && !waitingOn ? { ticketId: values.ticketId } : {}),
    ...(waitingOn
      ? {
          approval: {
            id: waitingOn.approvalId,
            kind: waitingOn.kind,
            reason: waitingOn.reason,
            proposedAction: waitingOn.proposedAction,
            proposedReply: waitingOn.proposedReply,
            allowedRoles: waitingOn.allowedRoles,
            deadline: waitingOn.deadline,
          },
        }
      : {}),
    decisions,
    toolCalls,
  };
}

/**
 * Answers a message that arrived while an older request of its thread waits for a person: the customer hears
 * at once where that request stands, the approval is left as it is, and the graph does not run.
 */
export async function answerWithApprovalStatus(
  { db, stores, tenantId }: DeskStorage,
  request: RequestRecord,
): Promise<void> {
  const approval = await stores.approvals.pendingOnConversation(tenantId, request.conversationId);
  // A customer writing in another language is answered in it (the person sees the message either way).
  const language = detectLanguage(request.text).code;
  const reply =
    language !== 'en'
      ? followUpAcknowledgement(language)
      : approval
        ? `Your earlier request on this conversation is waiting for a decision from our team (since ${approval.createdAt.slice(0, 16).replace('T', ' ')} UTC). We will reply here as soon as it is answered; nothing about it has changed.`
        : 'Your earlier request on this conversation is waiting for a decision from our team. We will reply here as soon as it is answered.';
  const messageId = `${request.id}:reply`;
  const run = { tenantId, requestId: request.id, customerId: request.customerId };
  await db.transaction(async (tx) => {
    await stores.conversations.addMessage(
      tenantId,
      {
        id: messageId,
        conversationId: request.conversationId,
        requestId: request.id,
        role: 'agent',
        text: reply,
      },
      tx,
    );
    await stores.outbox.append(
      makeEvent(run, 'notifications.outbound', 'reply.sent', {
        conversationId: request.conversationId,
        messageId,
        text: reply,
      }),
      tx,
    );
    await stores.requests.markSettled(
      tenantId,
      request.id,
      { runStatus: 'done', outcome: 'delivered', reply },
      tx,
    );
    await stores.outbox.append(
      makeEvent(run, 'system.analytics', 'request.settled', {
        conversationId: request.conversationId,
        status: 'delivered',
        waitingOn: approval?.id,
      }),
      tx,
    );
  });
}

/** Closes a request that waits for a person because the customer wrote again (interrupt policy). */
export async function supersedeRequest(
  { stores, tenantId }: DeskStorage,
  busy: RequestRecord,
  byRequestId: string,
  tx: Queryable,
): Promise<void> {
  await tx.query(
    `UPDATE approvals SET status = 'expired', answered_at = now(), answered_by = 'frontdesk', answered_role = 'system'
     WHERE tenant_id = $1 AND request_id = $2 AND status = 'pending'`,
    [tenantId, busy.id],
  );
  await stores.requests.markSettled(
    tenantId,
    busy.id,
    { runStatus: 'done', outcome: 'failed', error: `superseded by ${byRequestId}` },
    tx,
  );
  await stores.outbox.append(
    makeEvent(
      { tenantId, requestId: busy.id, customerId: busy.customerId },
      'customer.requests',
      'request.superseded',
      { conversationId: busy.conversationId, by: byRequestId },
    ),
    tx,
  );
}
