// The change the orders skill offers the customer, in the report research hands to the graph.
import type { SkillReport } from './types.js';

/**
 * A change to an order the skill offers the customer. The graph states it exactly (as the action desk
 * words it) and asks the customer to confirm; the offer stands only if its line reaches the reply.
 */
export interface OrderChangeOffer {
  kind: 'refund' | 'cancel_order' | 'change_address' | 'return_or_exchange';
  orderId: string;
  /** The reply line the offer is made in. */
  line: string;
  /** The action's parameters beyond the order (a refund's amount and lines, a return's type and lines). */
  params?: Record<string, unknown>;
}

/** The orders skill's report, with the change it offers when the order still allows one. */
export interface OrdersReport extends SkillReport {
  offer?: OrderChangeOffer | undefined;
}

/** The change the orders skill offered in these reports, if any. */
export function offerIn(reports: readonly SkillReport[]): OrderChangeOffer | undefined {
  return reports.find((report): report is OrdersReport => report.skill === 'orders' && 'offer' in report)
    ?.offer;
}
