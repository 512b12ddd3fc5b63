// Approvals: the queue of decisions waiting for a person, one approval in full, and the four answers.
import { z } from 'zod';
import { limitQuery } from './common.js';

const text = z.string().trim().min(1).max(20_000);

export const approvalFiltersSchema = z.strictObject({
  reason: z.string().max(200).optional(),
  role: z.enum(['agent', 'approver', 'admin']).optional(),
  kind: z.enum(['review', 'decision']).optional(),
  /** Only approvals older than this many minutes. */
  olderThanMinutes: z.coerce.number().min(0).max(525_600).optional(),
  /** Only approvals whose deadline falls within this many minutes (overdue ones included). */
  dueWithinMinutes: z.coerce.number().min(0).max(525_600).optional(),
  limit: limitQuery,
});
export type ApprovalFilters = z.infer<typeof approvalFiltersSchema>;

const proposedAction = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('refund'),
    id: z.string().max(200),
    orderId: z.string().max(100),
    amountMinor: z.number().int().positive().max(1e12),
    currency: z.string().length(3),
    reason: z.string().max(2_000),
  }),
  z.strictObject({
    kind: z.literal('create_ticket'),
    id: z.string().max(200),
    subject: z.string().min(1).max(500),
    body: z.string().min(1).max(20_000),
    priority: z.number().int().min(1).max(10),
  }),
]);

const postalAddress = z.object({
  line1: z.string(),
  city: z.string(),
  region: z.string(),
  postcode: z.string(),
  country: z.string(),
});

/** The account changes a customer confirms in the conversation (`yes` to the exact change stated). */
export const accountChangeKinds = [
  'cancel_order',
  'change_address',
  'return_or_exchange',
  'goodwill_credit',
] as const;
export type AccountChangeKind = (typeof accountChangeKinds)[number];

const confirmed = {
  id: z.string(),
  /** The exact change the customer said yes to, as the action desk stated it; the desk is held to it. */
  statement: z.string(),
};

/** A change the customer confirmed that policy gives to a person: its kind, its parameters, its statement. */
export const proposedAccountChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancel_order'), ...confirmed, orderId: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('change_address'), ...confirmed, orderId: z.string(), address: postalAddress }),
  z.object({
    kind: z.literal('return_or_exchange'),
    ...confirmed,
    orderId: z.string(),
    type: z.enum(['return', 'exchange']),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })),
    exchangeForSku: z.string().optional(),
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('goodwill_credit'),
    ...confirmed,
    amountMinor: z.number().int().positive(),
    currency: z.string().length(3),
    reason: z.string(),
  }),
]);
export type ProposedAccountChange = z.infer<typeof proposedAccountChangeSchema>;

/**
 * What an approval proposes: a refund or ticket the agents drafted (an edit may change it), or an account
 * change the customer confirmed (an edit may change only the reply: the change is the one confirmed).
 */
export const approvalProposedActionSchema = z.union([proposedAction, proposedAccountChangeSchema]);
export type ApprovalProposedAction = z.infer<typeof approvalProposedActionSchema>;

/** The person and role come from the caller's credentials, never from the body. */
export const approvalAnswerBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({ decision: z.literal('edit'), reply: text.optional(), action: proposedAction.optional() }),
  z.strictObject({ decision: z.literal('reject'), feedback: text }),
  z.strictObject({ decision: z.literal('respond'), reply: text }),
]);
export type ApprovalAnswerBody = z.infer<typeof approvalAnswerBodySchema>;

/**
 * A knowledge-base article the proposal cites, as one approval shows it: what the drafting step cited,
 * with research's score for that turn when research found it.
 */
export const approvalSourceSchema = z.object({
  articleId: z.string(),
  /** The article's title; its id when the article is no longer in the knowledge base. */
  title: z.string(),
  /** The opening of the article's text; absent when the article is no longer in the knowledge base. */
  snippet: z.string().optional(),
  /** Research's relevance score for the customer's question (higher is closer). */
  score: z.number().optional(),
  /** The help-centre section (category or product area) the article belongs to. */
  section: z.string().optional(),
});
export type ApprovalSource = z.infer<typeof approvalSourceSchema>;

export const approvalAnsweredSchema = z.object({
  approvalId: z.string(),
  threadId: z.string(),
  requestId: z.string(),
  decision: z.string(),
  runStatus: z.literal('running'),
});
