// A person's answer to an approval: checked, then recorded with its audit entry and event in one
// transaction; and the approvals nobody answered in time, re-escalated.
import { DeskError } from '../errors.js';
import type { ApprovalRecord } from '../store/index.js';
import { approvalAnswerSchema, type ApprovalAnswer } from '../graph/approval-types.js';
import type { ApprovalAnswerInput, DeskStorage } from './desk-types.js';
import { makeEvent } from '../events/envelope.js';

const statusOf = {
  approve: 'approved',
  edit: 'edited',
  reject: 'rejected',
  respond: 'responded',
} as const;

/** Checks an answer's shape; an edit must change something. Throws APPROVAL_ANSWER_INVALID naming fields. */
export function parseAnswer(input: ApprovalAnswerInput): ApprovalAnswer {
  const parsed = approvalAnswerSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'decision',
      message: issue.message,
    }));
    throw new DeskError(
      'APPROVAL_ANSWER_INVALID',
      `The answer is not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      { fields },
    );
  }
  if (parsed.data.decision === 'edit' && !parsed.data.reply && !parsed.data.action) {
    throw new DeskError('APPROVAL_ANSWER_INVALID', 'An edit must change the reply or the action', {
      fields: [{ field: 'reply', message: 'give an edited reply or action' }],
    });
  }
  return parsed.data;
}

/** The pending approval a person may answer in this role; throws the reason they may not. */
export async function answerableApproval(
  { stores, tenantId }: DeskStorage,
  approvalId: string,
  role: string,
): Promise<ApprovalRecord> {
  const approval = await stores.approvals.get(tenantId, approvalId);
  if (!approval) throw new DeskError('APPROVAL_NOT_FOUND', `No approval ${approvalId}`, { approvalId });
  if (approval.status !== 'pending') {
    throw new DeskError(
      'APPROVAL_ALREADY_ANSWERED',
      `Approval ${approvalId} was already ${approval.status}`,
      {
        approvalId,
        status: approval.status,
      },
    );
  }
  if (!approval.allowedRoles.includes(role)) {
    throw new DeskError('APPROVAL_ROLE_NOT_ALLOWED', `Role ${role} may not answer this approval`, {
      approvalId,
      role,
      allowedRoles: approval.allowedRoles,
    });
  }
  return approval;
}

/**
 * Records the answer, its audit entry and its event, and queues the request to resume — all in one
 * transaction. Throws APPROVAL_ALREADY_ANSWERED when another answer won the race.
 */
export async function recordAnswer(
  { db, stores, tenantId }: DeskStorage,
  approval: ApprovalRecord,
  answer: ApprovalAnswer,
): Promise<void> {
  await db.transaction(async (tx) => {
    const won = await stores.approvals.answer(
      tenantId,
      approval.id,
      { status: statusOf[answer.decision], by: answer.by, role: answer.role, detail: answer },
      tx,
    );
    if (!won) {
      throw new DeskError('APPROVAL_ALREADY_ANSWERED', `Approval ${approval.id} was answered meanwhile`, {
        approvalId: approval.id,
      });
    }
    await stores.audit.record(
      tenantId,
      {
        actor: answer.by,
        actorRole: answer.role,
        action: `approval.${statusOf[answer.decision]}`,
        subjectType: 'approval',
        subjectId: approval.id,
        details: { ...answer, requestId: approval.requestId, threadId: approval.conversationId },
      },
      tx,
    );
    // The request is queued to resume in the same transaction: whichever worker runs it resumes with the
    // recorded answer, so no answer is ever lost. A request still recording its pause is not waiting yet:
    // its run finds this answer when it settles (settleRequest) and queues itself.
    await stores.requests.queueResume(tenantId, approval.requestId, tx);
    await stores.outbox.append(
      makeEvent(
        { tenantId, requestId: approval.requestId, customerId: approval.customerId },
        'human.approvals',
        'approval.answered',
        { approvalId: approval.id, decision: answer.decision, by: answer.by, role: answer.role },
      ),
      tx,
    );
  });
}

/**
 * Re-escalates approvals whose deadline has passed: admins may now answer too, the deadline moves on, and
 * an event tells whoever supervises the queue. Returns the approvals it re-escalated.
 */
export async function reescalateOverdue(
  { db, stores, tenantId }: DeskStorage,
  now: Date,
  extendByHours: number,
): Promise<ApprovalRecord[]> {
  const overdue = await stores.approvals.overdue(tenantId, now);
  for (const approval of overdue) {
    const deadline = new Date(now.getTime() + extendByHours * 3_600_000).toISOString();
    await db.transaction(async (tx) => {
      await stores.approvals.reescalate(tenantId, approval.id, deadline, tx);
      await stores.audit.record(
        tenantId,
        {
          actor: 'frontdesk',
          actorRole: 'system',
          action: 'approval.reescalated',
          subjectType: 'approval',
          subjectId: approval.id,
          details: { previousDeadline: approval.deadline, deadline },
        },
        tx,
      );
      for (const topic of ['human.approvals', 'notifications.outbound'] as const) {
        await stores.outbox.append(
          makeEvent(
            { tenantId, requestId: approval.requestId, customerId: approval.customerId },
            topic,
            'approval.overdue',
            {
              approvalId: approval.id,
              conversationId: approval.conversationId,
              reason: approval.reason,
              deadline,
            },
          ),
          tx,
        );
      }
    });
  }
  return overdue;
}
