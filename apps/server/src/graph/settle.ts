// Where a run stopped: delivered, escalated, or paused on a person — recorded on the request and the
// conversation with its analytics event, and described to the desk's caller with its decisions; and a
// request closed because a newer message superseded it.
import type { StateSnapshot } from '@langchain/langgraph';
import type { Queryable, RequestRecord } from '../store/index.js';
import type { ApprovalRequest } from './approval-types.js';
import type { DeskResult, DeskStatus, DeskStorage } from './desk-types.js';
import { makeEvent } from '../events/envelope.js';
import type { SupportStateValue } from './state.js';

/** The approval request the thread is paused on, if it is paused. */
export function pendingRequest(snapshot: StateSnapshot): ApprovalRequest | undefined {
  for (const task of snapshot.tasks) {
    const pending = task.interrupts[0];
    if (pending) return pending.value as ApprovalRequest;
  }
  return undefined;
}

/** Records where the request's run stopped (as `snapshot` shows) and describes it. */
export async function settleRequest(
  { db, stores, tenantId }: DeskStorage,
  request: RequestRecord,
  snapshot: StateSnapshot,
): Promise<DeskResult> {
  const values = snapshot.values as SupportStateValue;
  const waitingOn = pendingRequest(snapshot);
  const status: DeskStatus = waitingOn
    ? waitingOn.kind === 'review'
      ? 'awaiting_approval'
      : 'escalated'
    : (values.outcome ?? 'failed');
  const reply = waitingOn ? undefined : (values.reply ?? undefined);
  await db.transaction(async (tx) => {
    await stores.requests.markSettled(
      tenantId,
      request.id,
      { runStatus: waitingOn ? 'waiting' : 'done', outcome: status, ...(reply ? { reply } : {}) },
      tx,
    );
    await stores.conversations.setStatus(tenantId, request.conversationId, status, tx);
    await stores.outbox.append(
      makeEvent(
        { tenantId, requestId: request.id, customerId: request.customerId },
        'system.analytics',
        'request.settled',
        {
          conversationId: request.conversationId,
          status,
          priority: values.priority,
          metrics: values.metrics,
        },
      ),
      tx,
    );
  });
  const recorded = (await stores.decisions.byConversation(tenantId, request.conversationId)).filter(
    (decision) => decision.requestId === request.id,
  );
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
