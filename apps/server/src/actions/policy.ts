// Which safe actions need a person before they happen, and which roles may be that person. The desk's own
// approval rules (refunds over the limit, VIP accounts) come from domain/policies.ts; the rules only actions
// have (cancelling a shipped order, a large goodwill credit, a return or refund after the window) are here.
import {
  evaluateApproval,
  Money,
  RETURN_WINDOW_DAYS,
  Specification,
  type DeskRole,
} from '../domain/index.js';
import type { CustomerTier } from '../domain/index.js';

export interface ActionPolicyContext {
  kind: string;
  tier: CustomerTier;
  amount?: Money | undefined;
  /** For a refund: what was refunded on the same order before it (the limit holds over them together). */
  refundedBefore?: Money | undefined;
  /** For a refund: what this customer was refunded over the policy's period, in the refund's currency. */
  refundedInPeriod?: Money | undefined;
  /** The order's status, for actions on an order. */
  orderStatus?: string | undefined;
  /** Days since the order was delivered, for returns and refunds. */
  daysSinceDelivery?: number | undefined;
}

export interface ActionPolicyOptions {
  refundLimitMajor: number;
  /** Goodwill credits strictly above this many major units need an approver. */
  goodwillLimitMajor: number;
  /**
   * Returns and refunds later than this many days after delivery need an agent's judgement: the help centre's
   * window, after which a fault is a warranty claim (repaired or replaced first, refunded only if neither works).
   */
  returnWindowDays: number;
  /** Refunds to one customer over `refundPeriodDays` that together pass this many major units need an approver. */
  customerRefundLimitMajor: number;
  refundPeriodDays: number;
}

export const defaultActionPolicy: ActionPolicyOptions = {
  refundLimitMajor: 500,
  goodwillLimitMajor: 50,
  returnWindowDays: RETURN_WINDOW_DAYS,
  customerRefundLimitMajor: 1000,
  refundPeriodDays: 30,
};

export interface ActionVerdict {
  needsPerson: boolean;
  reasons: string[];
  allowedRoles: DeskRole[];
}

const APPROVERS: DeskRole[] = ['approver', 'admin'];
const AGENTS: DeskRole[] = ['agent', 'approver', 'admin'];

interface ActionRule {
  applies: Specification<ActionPolicyContext>;
  roles: DeskRole[];
  explain: (context: ActionPolicyContext) => string;
}

const overLimit = (earlier: Money | undefined, amount: Money | undefined, limitMajor: number) =>
  earlier !== undefined &&
  amount !== undefined &&
  earlier.amountMinor > 0 &&
  earlier.add(amount).isGreaterThan(Money.fromMajor(limitMajor, amount.currency));

const actionRules = (options: ActionPolicyOptions): ActionRule[] => [
  {
    applies: new Specification(
      `the refunds on one order together are over ${options.refundLimitMajor}`,
      (c) => c.kind === 'refund' && overLimit(c.refundedBefore, c.amount, options.refundLimitMajor),
    ),
    roles: APPROVERS,
    explain: (c) =>
      `${c.refundedBefore!.format()} was already refunded on this order, so with this refund it would total ` +
      `${c.refundedBefore!.add(c.amount!).format()}, over the ` +
      `${Money.fromMajor(options.refundLimitMajor, c.amount!.currency).format()} limit per order.`,
  },
  {
    applies: new Specification(
      `the customer's refunds over ${options.refundPeriodDays} days are over ${options.customerRefundLimitMajor}`,
      (c) => c.kind === 'refund' && overLimit(c.refundedInPeriod, c.amount, options.customerRefundLimitMajor),
    ),
    roles: APPROVERS,
    explain: (c) =>
      `This customer was refunded ${c.refundedInPeriod!.format()} in the last ${options.refundPeriodDays} days; ` +
      `with this refund that is over the ${Money.fromMajor(options.customerRefundLimitMajor, c.amount!.currency).format()} limit per customer.`,
  },
  {
    applies: new Specification(
      'the order has shipped and is being cancelled',
      (c) => c.kind === 'cancel_order' && c.orderStatus === 'shipped',
    ),
    roles: APPROVERS,
    explain: () => 'The order has already shipped, so cancelling it needs an approver.',
  },
  {
    applies: new Specification(
      `the goodwill credit is over ${options.goodwillLimitMajor}`,
      (c) =>
        c.kind === 'goodwill_credit' &&
        c.amount !== undefined &&
        c.amount.isGreaterThan(Money.fromMajor(options.goodwillLimitMajor, c.amount.currency)),
    ),
    roles: APPROVERS,
    explain: (c) =>
      `A goodwill credit of ${c.amount!.format()} is over the ` +
      `${Money.fromMajor(options.goodwillLimitMajor, c.amount!.currency).format()} limit.`,
  },
  {
    applies: new Specification(
      `the return or refund is later than ${options.returnWindowDays} days after delivery`,
      (c) =>
        (c.kind === 'return_or_exchange' || c.kind === 'refund') &&
        c.daysSinceDelivery !== undefined &&
        c.daysSinceDelivery > options.returnWindowDays,
    ),
    roles: AGENTS,
    explain: (c) =>
      c.kind === 'refund'
        ? `The order was delivered ${c.daysSinceDelivery} days ago, after the ${options.returnWindowDays}-day refund ` +
          'window: a fault now is a warranty claim (repair or replacement first).'
        : `The order was delivered ${c.daysSinceDelivery} days ago, outside the ${options.returnWindowDays}-day window.`,
  },
];

/** The verdict for one action: the desk's rules and the action rules together; roles are the intersection. */
export function evaluateAction(
  context: ActionPolicyContext,
  options: ActionPolicyOptions = defaultActionPolicy,
): ActionVerdict {
  const desk = evaluateApproval(
    {
      customer: { tier: context.tier },
      priority: 1,
      confidence: 1,
      action: context.kind === 'refund' ? { kind: 'refund', amount: context.amount } : undefined,
    },
    { refundLimit: options.refundLimitMajor },
  );
  const triggered = actionRules(options).filter((rule) => rule.applies.isSatisfiedBy(context));
  const roleSets = [
    ...(desk.needsPerson ? [desk.allowedRoles as DeskRole[]] : []),
    ...triggered.map((rule) => rule.roles),
  ];
  const allowedRoles = AGENTS.filter((role) => roleSets.every((roles) => roles.includes(role)));
  return {
    needsPerson: roleSets.length > 0,
    reasons: [
      ...desk.reasons.map((reason) => reason.explanation),
      ...triggered.map((rule) => rule.explain(context)),
    ],
    allowedRoles: roleSets.length > 0 ? allowedRoles : [],
  };
}
