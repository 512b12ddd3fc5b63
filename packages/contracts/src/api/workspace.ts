// The people's workspace: taking a conversation over from the agents (claim, assign, release, hand back),
// a person's reply and typing, the team's internal notes, canned replies, and the team inbox.
import { z } from 'zod';
import { limitQuery } from './common.js';

/** The longest note or hand-back summary; longer is refused with NOTE_TOO_LONG (checked by the desk). */
export const MAX_NOTE_CHARS = 5_000;
/** The longest canned reply. */
export const MAX_CANNED_CHARS = 5_000;

const handle = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'a person is named by their handle: letters, digits, _ . @ -');

/** Note text is checked by the desk (NOTE_EMPTY, NOTE_TOO_LONG), so the schema only bounds its size. */
const noteText = z.string().max(100_000);

export const assignBodySchema = z.strictObject({ assignee: handle });
export const handBackBodySchema = z.strictObject({ summary: noteText });
export const noteBodySchema = z.strictObject({ text: noteText });
export const personReplyBodySchema = z.strictObject({ text: z.string().min(1).max(20_000) });
export const bulkBodySchema = z.strictObject({
  threadIds: z.array(z.string().min(1).max(100)).min(1).max(100),
  action: z.enum(['assign', 'close']),
  assignee: handle.optional(),
});

export const assignmentSchema = z.object({
  threadId: z.string(),
  holder: z.string().nullable(),
  /** How the customer sees the holder: "Ana from support". */
  displayName: z.string().nullable(),
  claimedAt: z.string().nullable(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const noteSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  author: z.string(),
  kind: z.enum(['note', 'hand_back']),
  text: z.string(),
  createdAt: z.string(),
});
export type Note = z.infer<typeof noteSchema>;

export const cannedReplyBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(MAX_CANNED_CHARS),
});
export const cannedReplyParamsSchema = z.object({
  cannedId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/),
});
export const cannedReplySchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type CannedReply = z.infer<typeof cannedReplySchema>;

export const inboxViews = ['mine', 'unassigned', 'all', 'approvals'] as const;
export type InboxView = (typeof inboxViews)[number];
export const priorityLabels = ['low', 'normal', 'high', 'urgent'] as const;
export type PriorityLabel = (typeof priorityLabels)[number];

export const inboxQuerySchema = z.strictObject({
  view: z.enum(inboxViews).default('all'),
  status: z.string().max(40).optional(),
  priority: z.enum(priorityLabels).optional(),
  intent: z.string().max(60).optional(),
  language: z.string().max(10).optional(),
  channel: z.enum(['web', 'email']).optional(),
  slaBreached: z.enum(['true', 'false']).optional(),
  /** A customer's name or email, or words from the conversation. */
  q: z.string().max(200).optional(),
  limit: limitQuery,
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const inboxRowSchema = z.object({
  threadId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  customerEmail: z.string(),
  status: z.string(),
  subject: z.string(),
  preview: z.string(),
  holder: z.string().nullable(),
  priority: z.enum(priorityLabels).nullable(),
  /** Triage's urgency, 1 (whenever) to 10 (now). */
  urgency: z.number().nullable(),
  intent: z.string().nullable(),
  language: z.string(),
  channel: z.enum(['web', 'email']),
  handOff: z
    .object({ approvalId: z.string(), category: z.string(), detail: z.string().nullable() })
    .nullable(),
  waitingSince: z.string().nullable(),
  waitingSeconds: z.number().nullable(),
  slaTargetMinutes: z.number(),
  slaBreached: z.boolean(),
});
export type InboxRow = z.infer<typeof inboxRowSchema>;
export const inboxSchema = z.object({ conversations: z.array(inboxRowSchema) });
