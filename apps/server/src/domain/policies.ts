// The rules that decide when a person must look at a request before the customer gets an answer, and which
// roles may answer. Thresholds default to the desk's policy and can be tuned per tenant.
import { z } from 'zod';
import type { ActionKind } from './action.js';
import { Confidence } from './confidence.js';
import type { CustomerTier } from './customer.js';
import { Money } from './money.js';
import { Priority } from './priority.js';
import { Specification } from './specification.js';
import { parseOrThrow } from './validation.js';

export const deskRoles = ['agent', 'approver', 'admin'] as const;
export type DeskRole = (typeof deskRoles)[number];

export interface ApprovalContext {
  readonly customer: { readonly tier: CustomerTier };
  /** 1 to 10, as set by triage. */
  readonly priority: number;
  /** 0 to 1, the quality agent's confidence in the draft. */
  readonly confidence: number;
  readonly action?: { readonly kind: ActionKind; readonly amount?: Money | undefined } | undefined;
  /**
   * What a person would be looking at: an action (the default: every action on a VIP account goes to a
   * person) or a reply the desk drafted, which for a VIP is held only when it carries an action or the desk
   * is less than sure of it (below `vipConfidenceFloor`). A stated refund or change still reaches a person
   * as an action once the customer confirms it.
   */
  readonly subject?: 'action' | 'reply' | undefined;
}

export const approvalThresholdsSchema = z.object({
  /** Refunds strictly above this many major units of their own currency need an approver. */
  refundLimit: z.number().finite().nonnegative(),
  /** Priorities strictly above this need an approver. */
  priorityLimit: z.number().int().min(0).max(10),
  /** Confidence strictly below this fails quality and needs a person to read the draft. */
  confidenceFloor: z.number().min(0).max(1),
  /** A VIP's reply with confidence strictly below this is read by a person first. */
  vipConfidenceFloor: z.number().min(0).max(1),
});
export type ApprovalThresholds = z.output<typeof approvalThresholdsSchema>;

export const defaultApprovalThresholds: Readonly<ApprovalThresholds> = Object.freeze({
  refundLimit: 500,
  priorityLimit: 8,
  confidenceFloor: 0.6,
  vipConfidenceFloor: 0.7,
});

/**
 * The help centre's window: items go back, and faults are refunded, within this many days of delivery. After it
 * a fault is a warranty claim (repaired or replaced first), which a person decides.
 */
export const RETURN_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

/** Whole days from a delivery to `now`. */
export const daysSinceDelivery = (deliveredAt: string, now: Date): number =>
  Math.floor((now.getTime() - Date.parse(deliveredAt)) / DAY_MS);

/** Whether a delivery is past the window at `now` (never for an order not delivered yet). */
export const pastReturnWindow = (deliveredAt: string | null | undefined, now: Date): boolean =>
  typeof deliveredAt === 'string' && daysSinceDelivery(deliveredAt, now) > RETURN_WINDOW_DAYS;

const refundLimitIn = (limit: number, currency: string): Money => Money.fromMajor(limit, currency);

/** A refund above the limit, or a refund that does not say how much (which nobody should pay blind). */
export const refundOverLimit = (
  limit = defaultApprovalThresholds.refundLimit,
): Specification<ApprovalContext> =>
  new Specification(`the refund is over ${limit} in its currency or has no amount`, ({ action }) => {
    if (action?.kind !== 'refund') return false;
    return (
      action.amount === undefined || action.amount.isGreaterThan(refundLimitIn(limit, action.amount.currency))
    );
  });

export const priorityOverLimit = (
  limit = defaultApprovalThresholds.priorityLimit,
): Specification<ApprovalContext> =>
  new Specification(`the priority is above ${limit}`, ({ priority }) => priority > limit);

export const vipCustomer: Specification<ApprovalContext> = new Specification(
  'the customer is a VIP',
  ({ customer }) => customer.tier === 'vip',
);

/**
 * What a VIP's matter a person looks at: every action, and a reply only when it carries an action or the
 * desk is less than sure of it. A routine answer from the help centre goes straight out, as it would to
 * anyone; what a person would add there is only delay.
 */
export const vipNeedsPerson = (
  floor = defaultApprovalThresholds.vipConfidenceFloor,
): Specification<ApprovalContext> =>
  vipCustomer.and(
    new Specification(
      `an action, or a reply with confidence below ${floor}`,
      ({ subject, action, confidence }) => subject !== 'reply' || action !== undefined || confidence < floor,
    ),
  );

export const lowConfidence = (
  floor = defaultApprovalThresholds.confidenceFloor,
): Specification<ApprovalContext> =>
  new Specification(`the confidence is below ${floor}`, ({ confidence }) => confidence < floor);

/** The quality bar a draft must clear to go out without a person reading it. */
export const passesQuality = (
  floor = defaultApprovalThresholds.confidenceFloor,
): Specification<ApprovalContext> => lowConfidence(floor).not(`the confidence is at least ${floor}`);

export interface ApprovalReason {
  readonly rule: string;
  readonly explanation: string;
}

export interface ApprovalVerdict {
  readonly needsPerson: boolean;
  readonly reasons: readonly ApprovalReason[];
  /** Roles allowed to answer every reason at once; empty when no person is needed. */
  readonly allowedRoles: readonly DeskRole[];
}

interface ApprovalRule {
  readonly rule: string;
  readonly applies: Specification<ApprovalContext>;
  readonly allowedRoles: readonly DeskRole[];
  readonly explain: (context: ApprovalContext) => string;
}

const APPROVERS: readonly DeskRole[] = ['approver', 'admin'];
const REVIEWERS: readonly DeskRole[] = ['agent', 'approver', 'admin'];

const approvalRules = (thresholds: ApprovalThresholds): readonly ApprovalRule[] => [
  {
    rule: 'refund_over_limit',
    applies: refundOverLimit(thresholds.refundLimit),
    allowedRoles: APPROVERS,
    explain: ({ action }) =>
      action?.amount === undefined
        ? 'The refund does not say how much, so an approver must set the amount.'
        : `A refund of ${action.amount.format()} is over the ` +
          `${refundLimitIn(thresholds.refundLimit, action.amount.currency).format()} limit.`,
  },
  {
    rule: 'priority_over_limit',
    applies: priorityOverLimit(thresholds.priorityLimit),
    allowedRoles: APPROVERS,
    explain: ({ priority }) => `Priority ${priority} is above ${thresholds.priorityLimit}.`,
  },
  {
    rule: 'vip_review',
    applies: vipNeedsPerson(thresholds.vipConfidenceFloor),
    allowedRoles: REVIEWERS,
    explain: () => 'The customer is a VIP, so a person reviews the reply.',
  },
  {
    rule: 'low_confidence',
    applies: lowConfidence(thresholds.confidenceFloor),
    allowedRoles: REVIEWERS,
    explain: ({ confidence }) => `Confidence ${confidence} is below the ${thresholds.confidenceFloor} floor.`,
  },
];

/**
 * Decides whether a person must look before the customer gets an answer, why, and who may answer. The one
 * person who answers must be allowed to answer every reason, so allowed roles are the intersection.
 * Throws VALIDATION_FAILED for an out-of-range priority, confidence or threshold, and INVALID_AMOUNT for a
 * refund limit finer than the refund's currency allows.
 */
export const evaluateApproval = (
  context: ApprovalContext,
  options: Partial<ApprovalThresholds> = {},
): ApprovalVerdict => {
  // An option given as undefined means "use the default", not "no limit".
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const thresholds = parseOrThrow(
    approvalThresholdsSchema,
    { ...defaultApprovalThresholds, ...given },
    'approval thresholds',
  );
  Priority.of(context.priority);
  Confidence.of(context.confidence);

  const triggered = approvalRules(thresholds).filter((rule) => rule.applies.isSatisfiedBy(context));
  const allowedRoles =
    triggered.length === 0
      ? []
      : deskRoles.filter((role) => triggered.every((rule) => rule.allowedRoles.includes(role)));
  return {
    needsPerson: triggered.length > 0,
    reasons: triggered.map(({ rule, explain }) => ({ rule, explanation: explain(context) })),
    allowedRoles,
  };
};
