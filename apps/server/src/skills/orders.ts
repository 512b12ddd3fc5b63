// Order management: status and shipping, whether an order can still be cancelled or re-addressed, and
// whether items can go back — from the customer's own order records, so every line is grounded.
import { normaliseText, pastReturnWindow, RETURN_WINDOW_DAYS } from '../domain/index.js';
import { asksAboutOrders, lookupReport } from './order-lookup.js';
import { namedLines, namedProduct, plainText, type OrderView } from './order-items.js';
import { moneyRequestOf } from './money-request.js';
import { day, moneyReport, ordersWithLines } from './order-money.js';
import type { OrderChangeOffer, OrdersReport } from './order-offer.js';
import { asAgent, emptyReport, type Skill, type SkillInput, type SkillReport } from './types.js';

export { offerIn, type OrderChangeOffer, type OrdersReport } from './order-offer.js';

const orderIntents = new Set([
  'order_status',
  'shipping_info',
  'cancel_order',
  'change_address',
  'return_or_exchange',
  'refund_request',
  'damaged_item',
]);

/** Intents about money on an order: without a request for it (moneyRequestOf), they ask how refunds work. */
const moneyIntents = new Set(['refund_request', 'damaged_item']);

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

/** What the customer is told about the order, and the change offered (cancel, re-address, return). */
function linesFor(intent: string, order: OrderDetail, now: Date): Pick<OrdersReport, 'replyLines' | 'offer'> {
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
      return returnLines(order, now);
    default:
      return { replyLines: statusLines(order) };
  }
}

/** Whether items can go back, in general: which items go back is the customer's to name (the money path). */
function returnLines(order: OrderDetail, now: Date): Pick<OrdersReport, 'replyLines' | 'offer'> {
  if (order.status !== 'delivered' || !order.deliveredAt) {
    return {
      replyLines: [`Order ${order.id} is ${order.status}; items can go back once it has been delivered.`],
    };
  }
  if (pastReturnWindow(order.deliveredAt, now)) {
    // No person is brought in from here, so the line promises none: it says what still can be done.
    return {
      replyLines: [
        `Order ${order.id} was delivered on ${day(order.deliveredAt)}, outside our ${RETURN_WINDOW_DAYS}-day window, so it can no longer be returned or exchanged. If an item is damaged or faulty, tell us what happened and we will look at it.`,
      ],
    };
  }
  return {
    replyLines: [
      `Order ${order.id} (${order.items.join(', ')}) was delivered on ${day(order.deliveredAt)}, within our ${RETURN_WINDOW_DAYS}-day window, so it can be returned or exchanged.`,
    ],
  };
}

function statusLines(order: OrderDetail): string[] {
  const where = order.shippingAddress.city ? ` to ${order.shippingAddress.city}` : '';
  if (order.status === 'delivered' && order.deliveredAt) {
    return [`Order ${order.id} was delivered${where} on ${day(order.deliveredAt)}.`];
  }
  return order.status === 'shipped'
    ? [
        `Order ${order.id} has shipped and is on its way${where}. The tracking link is in your shipping confirmation email, and under Account > Orders.`,
      ]
    : [`Order ${order.id}, placed on ${day(order.placedAt)}, is ${order.status}.`];
}

/** The orders a request can be about, best first: a change is about an order that still allows it. */
const changeable: Record<string, readonly string[]> = {
  cancel_order: ['processing', 'shipped'],
  change_address: ['processing'],
  return_or_exchange: ['delivered'],
};

/** The customer's orders with their lines, read on first use. */
type OrdersRead = () => Promise<OrderView[]>;

const readOnce = (read: OrdersRead): OrdersRead => {
  let orders: Promise<OrderView[]> | undefined;
  return () => (orders ??= read());
};

/** "Where's my jacket", "when will the mixer arrive": a question after an item, up to where it ends. */
const whereaboutsQuestion =
  /\b(?:where(?:s|'s| is| are)|when (?:is|will|does|do))\s+(?:my|the)\s+[^?.!,;]{2,60}/i;

/**
 * Where an item the customer asks after is, when the same message asks for something else too (the rest of
 * it names another item): the status of the order holding it, one still on its way (a delivered order's
 * status answers no "where is"), and the message without the question.
 */
async function askedWhereabouts(
  input: SkillInput,
  read: OrdersRead,
): Promise<{ orderId: string; lines: string[]; rest: string } | undefined> {
  const text = normaliseText(input.text);
  const question = whereaboutsQuestion.exec(text)?.[0];
  if (!question) return undefined;
  const orders = await read();
  const rest = text.replace(question, ' ');
  const held = namedLines(question, orders).filter(
    (match) => match.order.status === 'processing' || match.order.status === 'shipped',
  );
  if (held.length !== 1 || namedLines(rest, orders).length === 0) return undefined;
  const { line } = held[0]!;
  const { order } = (await input.tools.callTool(
    'crm.get_order',
    { orderId: held[0]!.order.id },
    asAgent(input, 'orders'),
  )) as { order: OrderDetail };
  return { orderId: order.id, lines: [`About the ${line.name}: ${statusLines(order).join(' ')}`], rest };
}

const namesTheOrder =
  /\border (?:with|that has|that had|containing|that contains|for) (?:the |my |a )?[a-z]|\b(?:the|my) (?:(?!from |in |on |of |off )[a-z]+ ){1,3}order\b/;

/**
 * The items of the order the customer names when they are only some of it ("cancel just the knife, keep the
 * apron", "cancel one of the three lights"): the desk cancels whole orders, so it must not offer that for part
 * of one.
 */
async function namedPart(
  input: SkillInput,
  orderId: string,
  read: OrdersRead,
): Promise<string[] | undefined> {
  // "The order with the cedar bench", "my bench order": the item names the order, all of it.
  if (namesTheOrder.test(plainText(input.text))) return undefined;
  const orders = await read();
  const order = orders.find((candidate) => candidate.id === orderId);
  const named = namedLines(input.text, orders).filter((match) => match.order.id === orderId);
  const fewer = named.some((match) => match.quantity < match.line.quantity);
  if (!order || named.length === 0 || (named.length >= order.lines.length && !fewer)) return undefined;
  return named.map((match) =>
    match.quantity < match.line.quantity
      ? `${match.quantity} of the ${match.line.quantity} ${match.line.name}`
      : `the ${match.line.name}`,
  );
}

/** Part of an order is taken off it by the customer (the help centre's Cancel items), or returned once it comes. */
function partCancelLines(order: OrderDetail, names: string[]): Pick<OrdersReport, 'replyLines' | 'offer'> {
  const what = names.join(' and ');
  return {
    replyLines: [
      order.status === 'processing'
        ? `Order ${order.id} hasn't shipped yet, so ${what} can still come off it: open the order under Account > Orders, select Cancel items and tick ${what}; the rest of the order ships as normal. I haven't changed anything.`
        : `Order ${order.id} has shipped, so ${what} can no longer be taken off it; once it arrives it can be returned within ${RETURN_WINDOW_DAYS} days. I haven't changed anything.`,
    ],
  };
}

/** The order holding the product the customer names ("where's my jacket"), one that allows the change first. */
async function orderHolding(
  input: SkillInput,
  open: readonly string[],
  read: OrdersRead,
): Promise<string | undefined> {
  if (!namedProduct(input.text)) return undefined;
  const lines = namedLines(input.text, await read());
  return (lines.find((match) => open.includes(match.order.status)) ?? lines[0])?.order.id;
}

export const orderManagement: Skill = {
  name: 'orders',
  handles: (intent, text) =>
    orderIntents.has(intent) || asksAboutOrders(text) || moneyRequestOf(intent, text) !== undefined,
  async run(input: SkillInput): Promise<SkillReport> {
    // "Which order had the scale?", "did you get the lamp I sent back?": answered, nothing offered.
    if (asksAboutOrders(input.text)) return lookupReport(input);
    // The customer's orders with their lines (a tool call per order): read once, however many ask for them.
    const read = readOnce(() => ordersWithLines(input));
    // Money and items move only on what the customer named and has: that path matches their order lines.
    const money = moneyRequestOf(input.intent, input.text);
    if (money) {
      // "Where's my jacket? also the chair is wobbly, can I return it": both are answered, and the item asked
      // after is no candidate for the money.
      const whereabouts = await askedWhereabouts(input, read);
      const report = await moneyReport(
        whereabouts ? { ...input, text: whereabouts.rest } : input,
        money,
        read,
      );
      return whereabouts && !report.facts.some((fact) => fact.includes(whereabouts.orderId))
        ? { ...report, replyLines: [...whereabouts.lines, ...report.replyLines] }
        : report;
    }
    // A question about how refunds work is the help centre's to answer: the latest order's status is noise.
    if (moneyIntents.has(input.intent)) {
      return emptyReport('orders', 'a question about refunds, no order named');
    }
    const context = asAgent(input, 'orders');
    const { orders } = (await input.tools.callTool(
      'crm.list_orders',
      { customerId: input.context.customerId },
      context,
    )) as {
      orders: OrderSummary[];
    };
    const mentioned = normaliseText(input.text)
      .match(/\bord_\w+/i)?.[0]
      ?.toLowerCase();
    const open = changeable[input.intent] ?? [];
    const holding = mentioned ? undefined : await orderHolding(input, open, read);
    const chosen = mentioned
      ? orders.find((order) => order.id.toLowerCase() === mentioned)
      : (orders.find((order) => order.id === holding) ??
        orders.find((order) => open.includes(order.status)) ??
        orders[0]);
    // An order id that is not the customer's is never replaced by a guess at another order.
    if (mentioned && !chosen) {
      return {
        ...emptyReport('orders', `order ${mentioned} is not on the customer's account`),
        replyLines: [
          "I couldn't find that order number on your account, so I haven't changed anything. Could you check it?",
        ],
      };
    }
    if (!chosen) return emptyReport('orders', 'the customer has no orders');
    const { order } = (await input.tools.callTool('crm.get_order', { orderId: chosen.id }, context)) as {
      order: OrderDetail;
    };
    // Part of an order still to come: a delivered or closed one is said as such below.
    const coming = order.status === 'processing' || order.status === 'shipped';
    const part =
      input.intent === 'cancel_order' && coming ? await namedPart(input, order.id, read) : undefined;
    const said = part ? partCancelLines(order, part) : linesFor(input.intent, order, new Date());
    const report: OrdersReport = {
      skill: 'orders',
      summary: `order ${order.id} is ${order.status}`,
      facts: [`order ${order.id}: ${order.status}, placed ${day(order.placedAt)}, ${order.items.join(', ')}`],
      ...said,
      failures: [],
      // "Where's my jacket": the status of the order holding it is the answer, not a tracking article. So is
      // a new address offered: the article's sections are about when it can no longer be changed ("after the
      // order has shipped", quoted for one that had not), which only muddles what the customer confirms.
      answers: (holding === order.id && !changeable[input.intent]) || said.offer?.kind === 'change_address',
    };
    return report;
  },
};
