// Questions about the customer's own orders that move nothing: which order held an item, when they bought
// it, whether a return reached us. Answered from their order lines; no change is ever offered here.
import { day, ordersWithLines } from './order-money.js';
import {
  missingName,
  namedLines,
  namedProduct,
  plainText,
  type LineMatch,
  type OrderView,
} from './order-items.js';
import type { OrdersReport } from './order-offer.js';
import type { SkillInput } from './types.js';

const whichOrder =
  /\b(?:which|what)\s+(?:of\s+(?:my|the)\s+)?orders?\b|\b(?:when|what)\s+did\s+i\s+(?:order|buy|get|purchase)\b|\bwhen\s+was\s+(?:my|the)\s+[a-z ]{2,30}\s+(?:ordered|delivered|bought)\b/;

const returnArrived =
  /\b(?:returned|sent back|send back|mailed back|posted back)\b[^?]*\b(?:did|have|has)\s+(?:you guys|u guys|you|u|yall|your (?:warehouse|team))\s+(?:get|got|receive|received|recieve|recieved)\b|\b(?:did|have|has)\s+(?:you guys|u guys|you|u|yall|your (?:warehouse|team))\s+(?:get|got|receive|received|recieve|recieved)\b[^?]*\b(?:back|return|returned)\b|\b(?:did|has|is)\s+my\s+return\s+(?:arrive|arrived|get there|got there|go through|gone through|been received|received|processed)\b|\bstatus of (?:my|the) return\b/;

const refundArrived =
  /\bwhere(?:s| is| are)\s+(?:my|the)\s+(?:money|refund|refunds)\b|\b(?:has|did|is|was)\s+my\s+refund\b|\bstill\s+(?:no|not|havent|have not|didnt|did not)\s+(?:got|get|gotten|received|seen)?\s*(?:my|the|a)?\s*(?:money|refund)\b|\b(?:never|havent|have not|didnt|did not)\s+(?:got|get|gotten|received|seen|been)\s+(?:my |a |the |any )?(?:money back|refund|refunded)\b/;

/** Whether the message asks about the customer's orders without asking for anything to change. */
export function asksAboutOrders(text: string): boolean {
  const plain = plainText(text);
  return whichOrder.test(plain) || returnArrived.test(plain) || refundArrived.test(plain);
}

const when = (order: OrderView) =>
  order.deliveredAt
    ? `placed ${day(order.placedAt)} and delivered ${day(order.deliveredAt)}`
    : `placed ${day(order.placedAt)}, ${order.status}`;

/** Whether the return of this line has reached us, from its order's record. */
function returnLine(match: LineMatch): string {
  const { order, line } = match;
  const noRefund = order.refundedMinor === 0 ? ", but I can't see a refund recorded on it" : '';
  if (order.status === 'returned') {
    return `The ${line.name} from order ${order.id} came back to us: the order is marked as returned${noRefund}.`;
  }
  if (order.status === 'cancelled')
    return `Order ${order.id} with the ${line.name} was cancelled${noRefund}.`;
  if (order.refundedMinor > 0) {
    return `The ${line.name} from order ${order.id} has a refund recorded against its order.`;
  }
  if (order.status !== 'delivered') return `Order ${order.id} with the ${line.name} is ${order.status}.`;
  return `The ${line.name} from order ${order.id} (${when(order)}) doesn't show as returned yet. Returns can take a few days to reach us after you send them; the tracking link on your return label shows whether it has reached us.`;
}

const holdingLine = (match: LineMatch) =>
  `The ${match.line.name} was on order ${match.order.id}, ${when(match.order)}.`;

function listOf(orders: readonly OrderView[]): string {
  return orders
    .map((order) => `order ${order.id} (${when(order)}): ${order.lines.map((line) => line.name).join(', ')}`)
    .join('; ');
}

/**
 * A refund the customer says never came, for an order that came back or was cancelled with none recorded:
 * something went wrong that only a person can trace.
 */
function missingRefund(matches: readonly LineMatch[]): string | undefined {
  const order = matches.find(
    ({ order }) => (order.status === 'returned' || order.status === 'cancelled') && order.refundedMinor === 0,
  )?.order;
  return order && `no refund is recorded on ${order.id} (${order.status}), and the customer says none came`;
}

/** The answer to a question about the customer's orders: grounded in them, nothing offered or changed. */
export async function lookupReport(input: SkillInput): Promise<OrdersReport> {
  const orders = await ordersWithLines(input);
  const matches = namedLines(input.text, orders);
  // "Where's my money?" keeps the drafted answer (the refund policy's timings) with the order's record.
  const plain = plainText(input.text);
  const aboutRefund = refundArrived.test(plain);
  const aboutReturn = aboutRefund || returnArrived.test(plain);
  const base = { skill: 'orders', facts: matches.map(holdingLine), failures: [], answers: !aboutRefund };
  if (matches.length === 0) {
    const named = namedProduct(input.text);
    const line =
      orders.length === 0
        ? "I couldn't find any orders on your account. Could you tell me the order number?"
        : `${named ? `I couldn't find ${missingName(named)} on your orders. ` : ''}Your recent orders are ${listOf(orders.slice(0, 4))}. Which item do you mean?`;
    return { ...base, summary: 'no order line matches the question', replyLines: [line] };
  }
  return {
    ...base,
    summary: `looked up ${matches.map((match) => `${match.line.sku} on ${match.order.id}`).join(', ')}`,
    replyLines: matches.map(aboutReturn ? returnLine : holdingLine),
    ...(aboutRefund ? { needsPerson: missingRefund(matches) } : {}),
  };
}
