// Order management: status and shipping, whether an order can still be cancelled or re-addressed, and
// whether items can go back — from the customer's own order records, so every line is grounded.
import { asAgent, emptyReport, type Skill, type SkillInput, type SkillReport } from './types.js';

const orderIntents = new Set([
  'order_status',
  'shipping_info',
  'cancel_order',
  'change_address',
  'return_or_exchange',
]);

interface OrderSummary {
  id: string;
  status: string;
  placedAt: string;
  items: string[];
}

interface OrderDetail extends OrderSummary {
  deliveredAt: string | null;
  shippingAddress: Record<string, string>;
  lines?: Array<{ sku: string; quantity: number }>;
}

// "October 23, 2026": an ISO date reads like a phone number to the personal-data check.
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
const RETURN_WINDOW_DAYS = 30;

/**
 * A change to an order the skill offers the customer. The graph states it exactly (as the action desk
 * words it) and asks the customer to confirm; the offer stands only if its line reaches the reply.
 */
export interface OrderChangeOffer {
  kind: 'cancel_order' | 'change_address' | 'return_or_exchange';
  orderId: string;
  /** The reply line the offer is made in. */
  line: string;
  /** The action's parameters beyond the order (a return's type and lines). */
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

/** What the customer is told about the order, and the change offered (cancel, re-address, return). */
function linesFor(
  intent: string,
  text: string,
  order: OrderDetail,
  now: Date,
): Pick<OrdersReport, 'replyLines' | 'offer'> {
  const items = order.items.join(', ');
  const offering = (kind: OrderChangeOffer['kind'], line: string) => ({
    replyLines: [line],
    offer: { kind, orderId: order.id, line },
  });
  switch (intent) {
    case 'cancel_order':
      return order.status === 'processing'
        ? offering(
            'cancel_order',
            `Order ${order.id} (${items}) hasn't shipped yet, so it can still be cancelled with a full refund.`,
          )
        : order.status === 'shipped'
          ? offering(
              'cancel_order',
              `Order ${order.id} has already shipped, so cancelling it needs a member of our team to approve; you can also return it once it arrives.`,
            )
          : { replyLines: [`Order ${order.id} is ${order.status}, so it can no longer be cancelled.`] };
    case 'change_address':
      return order.status === 'processing'
        ? offering(
            'change_address',
            `Order ${order.id} hasn't shipped yet, so we can still change its delivery address.`,
          )
        : {
            replyLines: [
              `Order ${order.id} is ${order.status}, so its delivery address can no longer be changed.`,
            ],
          };
    case 'return_or_exchange':
      return returnLines(order, text, now);
    default:
      return { replyLines: statusLines(order) };
  }
}

/**
 * Whether items can go back. Within the window a return of the whole order is offered; an exchange is not
 * (what to send instead is the customer's to say, and a person's to arrange).
 */
function returnLines(
  order: OrderDetail,
  text: string,
  now: Date,
): Pick<OrdersReport, 'replyLines' | 'offer'> {
  if (order.status !== 'delivered' || !order.deliveredAt) {
    return {
      replyLines: [`Order ${order.id} is ${order.status}; items can go back once it has been delivered.`],
    };
  }
  const days = Math.floor((now.getTime() - new Date(order.deliveredAt).getTime()) / 86_400_000);
  if (days > RETURN_WINDOW_DAYS) {
    return {
      replyLines: [
        `Order ${order.id} was delivered on ${day(order.deliveredAt)}, outside our ${RETURN_WINDOW_DAYS}-day window, so a member of our team will check what we can do.`,
      ],
    };
  }
  const line = `Order ${order.id} (${order.items.join(', ')}) was delivered on ${day(order.deliveredAt)}, within our ${RETURN_WINDOW_DAYS}-day window, so it can be returned or exchanged.`;
  const lines = order.lines ?? [];
  if (/\b(exchange|swap|replace|different size)\b/i.test(text) || lines.length === 0)
    return { replyLines: [line] };
  return {
    replyLines: [line],
    offer: {
      kind: 'return_or_exchange',
      orderId: order.id,
      line,
      params: {
        type: 'return',
        items: lines.map(({ sku, quantity }) => ({ sku, quantity })),
        reason: "at the customer's request",
      },
    },
  };
}

function statusLines(order: OrderDetail): string[] {
  const where = order.shippingAddress.city ? ` to ${order.shippingAddress.city}` : '';
  if (order.status === 'delivered' && order.deliveredAt) {
    return [`Order ${order.id} was delivered${where} on ${day(order.deliveredAt)}.`];
  }
  return order.status === 'shipped'
    ? [`Order ${order.id} has shipped and is on its way${where}.`]
    : [`Order ${order.id}, placed on ${day(order.placedAt)}, is ${order.status}.`];
}

/** The orders a request can be about, best first: a change is about an order that still allows it. */
const changeable: Record<string, readonly string[]> = {
  cancel_order: ['processing', 'shipped'],
  change_address: ['processing'],
  return_or_exchange: ['delivered'],
};

export const orderManagement: Skill = {
  name: 'orders',
  handles: (intent) => orderIntents.has(intent),
  async run(input: SkillInput): Promise<SkillReport> {
    const context = asAgent(input, 'orders');
    const { orders } = (await input.tools.callTool(
      'crm.list_orders',
      { customerId: input.context.customerId },
      context,
    )) as {
      orders: OrderSummary[];
    };
    const mentioned = input.text.match(/\bord_\w+/i)?.[0]?.toLowerCase();
    const open = changeable[input.intent] ?? [];
    const chosen =
      orders.find((order) => order.id.toLowerCase() === mentioned) ??
      (mentioned ? undefined : orders.find((order) => open.includes(order.status))) ??
      orders[0];
    if (!chosen) return emptyReport('orders', 'the customer has no orders');
    const { order } = (await input.tools.callTool('crm.get_order', { orderId: chosen.id }, context)) as {
      order: OrderDetail;
    };
    const report: OrdersReport = {
      skill: 'orders',
      summary: `order ${order.id} is ${order.status}`,
      facts: [`order ${order.id}: ${order.status}, placed ${day(order.placedAt)}, ${order.items.join(', ')}`],
      ...linesFor(input.intent, input.text, order, new Date()),
      failures: [],
    };
    return report;
  },
};
