// What a paused thread asks a person (the interrupt payload) and what the person answers (the resume value).
import { z } from 'zod';
import type { SafeActionKind } from '../actions/index.js';
import { deskRoles, type DeskRole } from '../domain/index.js';
import { proposedActionSchema } from '../reasoning/port.js';

/** The roles that may answer approvals (customers never can). */
export const approvalRoles = deskRoles;
export type ApprovalRole = DeskRole;

/** The account changes the desk carries out on the customer's word in the conversation. */
export type AccountChangeKind = Extract<
  SafeActionKind,
  'refund' | 'cancel_order' | 'change_address' | 'return_or_exchange' | 'goodwill_credit'
>;

/** A change the customer confirmed that needs a person, as the approver sees it: its exact statement. */
export interface ProposedChange {
  kind: AccountChangeKind;
  id: string;
  statement: string;
  [param: string]: unknown;
}

export interface ApprovalRequest {
  approvalId: string;
  /** `review`: quality asks a person to check a draft; `decision`: escalation asks a person what to do. */
  kind: 'review' | 'decision';
  reason: string;
  reasons: string[];
  proposedAction: z.infer<typeof proposedActionSchema> | ProposedChange | null;
  proposedReply: string | null;
  allowedRoles: ApprovalRole[];
  deadline: string;
}

export const approvalAnswerSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), by: z.string().min(1), role: z.enum(approvalRoles) }),
  z.object({
    decision: z.literal('edit'),
    by: z.string().min(1),
    role: z.enum(approvalRoles),
    reply: z.string().trim().min(1).optional(),
    action: proposedActionSchema.optional(),
  }),
  z.object({
    decision: z.literal('reject'),
    by: z.string().min(1),
    role: z.enum(approvalRoles),
    feedback: z.string().trim().min(1),
  }),
  z.object({
    decision: z.literal('respond'),
    by: z.string().min(1),
    role: z.enum(approvalRoles),
    reply: z.string().trim().min(1),
  }),
]);

export type ApprovalAnswer = z.infer<typeof approvalAnswerSchema>;
