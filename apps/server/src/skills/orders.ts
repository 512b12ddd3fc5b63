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

function linesFor(intent: string, order: OrderDetail, now: Date): string[] {
  const items = order.items.join(', ');
  switch (intent) {
    case 'cancel_order':
      return order.status === 'processing'
        ? [
            `Order ${order.id} (${items}) hasn't shipped yet, so it can still be cancelled with a full refund — just confirm and we'll cancel it.`,
          ]
        : order.status === 'shipped'
          ? [
              `Order ${order.id} has already shipped, so cancelling it needs a member of our team to approve; you can also return it once it arrives.`,
            ]
          : [`Order ${order.id} is ${order.status}, so it can no longer be cancelled.`];
    case 'change_address':
      return order.status === 'processing'
        ? [
            `Order ${order.id} hasn't shipped yet, so we can still change its delivery address — send us the new one to confirm.`,
          ]
        : [`Order ${order.id} is ${order.status}, so its delivery address can no longer be changed.`];
    case 'return_or_exchange': {
      if (order.status !== 'delivered' || !order.deliveredAt) {
        return [`Order ${order.id} is ${order.status}; items can go back once it has been delivered.`];
      }
      const days = Math.floor((now.getTime() - new Date(order.deliveredAt).getTime()) / 86_400_000);
      return days <= RETURN_WINDOW_DAYS
        ? [
            `Order ${order.id} (${items}) was delivered on ${day(order.deliveredAt)}, within our ${RETURN_WINDOW_DAYS}-day window, so it can be returned or exchanged.`,
          ]
        : [
            `Order ${order.id} was delivered on ${day(order.deliveredAt)}, outside our ${RETURN_WINDOW_DAYS}-day window, so a member of our team will check what we can do.`,
          ];
    }
    default: {
      const where = order.shippingAddress.city ? ` to ${order.shippingAddress.city}` : '';
      if (order.status === 'delivered' && order.deliveredAt) {
        return [`Order ${order.id} was delivered${where} on ${day(order.deliveredAt)}.`];
      }
      return order.status === 'shipped'
        ? [`Order ${order.id} has shipped and is on its way${where}.`]
        : [`Order ${order.id}, placed on ${day(order.placedAt)}, is ${order.status}.`];
    }
  }
}

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
    const chosen = orders.find((order) => order.id.toLowerCase() === mentioned) ?? orders[0];
    if (!chosen) return emptyReport('orders', 'the customer has no orders');
    const { order } = (await input.tools.callTool('crm.get_order', { orderId: chosen.id }, context)) as {
      order: OrderDetail;
    };
    return {
      skill: 'orders',
      summary: `order ${order.id} is ${order.status}`,
      facts: [`order ${order.id}: ${order.status}, placed ${day(order.placedAt)}, ${order.items.join(', ')}`],
      replyLines: linesFor(input.intent, order, new Date()),
      failures: [],
    };
  },
};
