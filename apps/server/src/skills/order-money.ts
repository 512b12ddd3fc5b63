// Refunds, returns and replacements in the conversation: offered only on the order lines the customer
// named and has, for those lines' amounts. Anything unclear (no such item, several candidates, an order id
// that is not theirs) becomes a question, never a guess; a question about refunds offers nothing. After the
// 30-day window a fault is a warranty claim a person decides, and a change of mind is refused.
import { Money, pastReturnWindow, RETURN_WINDOW_DAYS } from '../domain/index.js';
import { askedAmountMinor, problem, type MoneyRequest } from './money-request.js';
import {
  missingName,
  namedProduct,
  plainText,
  readItems,
  type LineMatch,
  type OrderView,
} from './order-items.js';
import { asAgent, type SkillInput } from './types.js';
import type { OrderChangeOffer, OrdersReport } from './order-offer.js';

// "October 23, 2026": an ISO date reads like a phone number to the personal-data check.
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });

interface OrderDetail {
  id: string;
  status: string;
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  placedAt: string;
  deliveredAt: string | null;
  lines: Array<{
    sku: string;
    name: string;
    category?: string;
    quantity: number;
    unitPriceMinor: number;
    refundedQuantity?: number;
    replacedQuantity?: number;
  }>;
}

/** The customer's orders with their lines, newest first (the few most recent: that is what people mean). */
export async function ordersWithLines(input: SkillInput): Promise<OrderView[]> {
  const context = asAgent(input, 'orders');
  const { orders } = (await input.tools.callTool(
    'crm.list_orders',
    { customerId: input.context.customerId },
    context,
  )) as { orders: Array<{ id: string }> };
  return Promise.all(
    orders.slice(0, 8).map(async ({ id }) => {
      const { order } = (await input.tools.callTool('crm.get_order', { orderId: id }, context)) as {
        order: OrderDetail;
      };
      return order;
    }),
  );
}

/** Whether the lines are more than one item, so a reply says "them", not "it". */
const several = (matches: readonly LineMatch[]) => matches.length > 1 || (matches[0]?.quantity ?? 0) > 1;

const itemName = (match: LineMatch) =>
  match.quantity > 1 ? `${match.quantity} × ${match.line.name}` : match.line.name;

const listed = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The matches grouped by their order, orders in the order first met. */
function perOrder(matches: readonly LineMatch[]): LineMatch[][] {
  const byOrder = new Map<string, LineMatch[]>();
  for (const match of matches) byOrder.set(match.order.id, [...(byOrder.get(match.order.id) ?? []), match]);
  return [...byOrder.values()];
}

/** "order ord_1001 (delivered October 1, 2026): Barista Pro Espresso Machine; order …" */
function inventory(matches: readonly LineMatch[]): string {
  return perOrder(matches)
    .map((lines) => {
      const order = lines[0]!.order;
      const when = order.deliveredAt ? `delivered ${day(order.deliveredAt)}` : order.status;
      return `order ${order.id} (${when}): ${lines.map((line) => line.line.name).join(', ')}`;
    })
    .join('; ');
}

const nothingChanged = "so I haven't changed anything";

/** Whether a reply asks the customer which item or order they mean (the questions below all end so). */
export const asksWhichItem = (reply: string): boolean => /\bwhich (?:item|one)\b[^.?!]*\?/i.test(reply);

/**
 * Whether a message goes on about the item the conversation is about rather than naming one of its own: "the
 * shade is cracked right down the side", "it came like that", "how long would that take?". No product, no
 * order id, and short (a long message is a new matter).
 */
export const goesOnAboutSameItem = (text: string): boolean =>
  namedProduct(text) === undefined &&
  !/\bord_\w+/i.test(text) &&
  text.split(/\s+/).filter(Boolean).length <= 30;

/** Where an order stands, said so the customer sees why nothing can be done on it yet. */
function standing(order: OrderView): string {
  switch (order.status) {
    case 'processing':
      return "hasn't shipped yet";
    case 'shipped':
      return 'has shipped and is still on its way';
    case 'returned':
      return order.refundedMinor > 0 ? 'came back to us and was refunded' : 'came back to us as a return';
    case 'cancelled':
      return 'was cancelled';
    default:
      return order.refundedMinor >= order.totalMinor
        ? 'has already been refunded in full'
        : `is ${order.status}`;
  }
}

/** "order ord_1026 with the Barista Pro Espresso Machine and Steady Burr Coffee Grinder has shipped…", per order. */
function whereTheyAre(matches: readonly LineMatch[]): string {
  return listed(
    perOrder(matches).map(
      (lines) =>
        `order ${lines[0]!.order.id} with the ${listed(lines.map((line) => line.line.name))} ${standing(lines[0]!.order)}`,
    ),
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The item is all an order that has not shipped holds: cancelling that order is offered instead (stated and
 * confirmed like any change), so the customer's yes has something to act on.
 */
function cancelInstead(matches: readonly LineMatch[], what: string): OrdersReport | undefined {
  if (matches.length !== 1) return undefined;
  const { order, line } = matches[0]!;
  if (order.status !== 'processing' || order.lines.length !== 1) return undefined;
  const said = `Order ${order.id} with the ${line.name} hasn't shipped yet, so it can't be ${what} yet, but it can still be cancelled with a full refund.`;
  return {
    skill: 'orders',
    summary: `the ${line.name} is on ${order.id}, which has not shipped: cancelling it offered`,
    facts: [`${line.name} on ${order.id} (processing)`],
    replyLines: [said],
    failures: [],
    offer: { kind: 'cancel_order', orderId: order.id, line: said },
  };
}

/** What the customer can do instead, for the orders the item is on. */
function nextStep(matches: readonly LineMatch[]): string {
  const statuses = new Set(matches.map((match) => match.order.status));
  if (statuses.has('processing'))
    return 'An order that has not shipped can still be cancelled: just tell me if you would like that.';
  if (statuses.has('shipped'))
    return `Once it arrives, it can be sent back within ${RETURN_WINDOW_DAYS} days, and if anything is wrong with it just write to us here and we'll sort it out.`;
  return 'Is there anything else about it I can help with?';
}

const CHANGE_OF_MIND = "at the customer's request";
const FAULT = 'arrived damaged or faulty';
const MISSING = 'missing from the delivery';

function reasonOf(text: string): string {
  if (
    /\b(?:missing|never (?:arrived|came)|wasnt in|was not in|werent in|were not in|not in the|only (?:had|got|received|came with|contained))\b/.test(
      text,
    )
  )
    return MISSING;
  if (problem.test(text)) return FAULT;
  return CHANGE_OF_MIND;
}

/** Words that say the item is fine and the customer no longer wants it (a fault is never read from silence). */
const changeOfMind =
  /\b(?:changed? (?:my|our) minds?|i ordered the wrong (?:size|one|colou?r|model)|(?:its|it is|theyre|they are|was|were) too (?:big|small|large|tight|loose|short|long)|(?:dont|do not|no longer) need (?:it|them|one)|found (?:it|one|them) cheaper|(?:never|rarely|dont|do not|didnt|did not) (?:really |actually )?(?:use|used|need|needed|want|wanted|like|liked|wear|wore)|not (?:my|our|really my|really our) (?:style|taste|thing|colou?r)|(?:doesnt|does not|didnt|did not) (?:go|match|fit|suit)|(?:dont|do not) (?:love|like) (?:it|them|the))\b/;

/**
 * Past the window a person decides (the action's policy asks one), and the customer hears that first: a fault
 * is a warranty claim, which may be repaired or replaced instead; anything else is reviewed.
 */
const pastWindowNote = (fault: boolean) =>
  ` That is more than ${RETURN_WINDOW_DAYS} days ago, past our refund and return window, so ` +
  (fault
    ? 'it falls under our warranty: a member of our team reviews it and may offer a repair or a replacement instead.'
    : 'a member of our team reviews it first.');

function offerFor(
  requested: MoneyRequest,
  text: string,
  order: OrderView,
  matches: LineMatch[],
  now: Date,
  askedMinor?: number,
): OrdersReport {
  const names = listed(matches.map(itemName));
  const when = order.deliveredAt ? `, delivered on ${day(order.deliveredAt)}` : '';
  const reason = reasonOf(text);
  const items = matches.map((match) => ({ sku: match.line.sku, quantity: match.quantity }));
  const facts = [`the customer means ${names} from order ${order.id}`];
  const base = { skill: 'orders', summary: `${requested} of ${names} on ${order.id}`, facts, failures: [] };
  const late = pastReturnWindow(order.deliveredAt, now);
  // A change of mind past the window is the help centre's plain no; only a fault has somewhere to go.
  if (late && reason === CHANGE_OF_MIND && changeOfMind.test(text)) {
    const line = `Order ${order.id}${when}, more than ${RETURN_WINDOW_DAYS} days ago, is outside our return window, so the ${names} can no longer be returned or refunded, ${nothingChanged}. If something is damaged or faulty, tell me what happened and we will look at it.`;
    return { ...base, facts: [...facts, 'outside the return window'], replyLines: [line] };
  }
  const warranty = late ? pastWindowNote(reason === FAULT) : '';
  // Money for a change of mind comes back with the item ("a refund on my dutch oven? I ordered the wrong
  // size"): a return, refunded once received, never a refund of an item the customer keeps.
  const changedMind = reason === CHANGE_OF_MIND && changeOfMind.test(text);
  const request = requested === 'refund' && changedMind && !late ? 'return' : requested;
  const alreadyRefunded = () => {
    const replaced = matches.some((match) => (match.line.replacedQuantity ?? 0) > 0);
    const plural = several(matches);
    const done = replaced
      ? `${plural ? 'are' : 'is'} already being replaced`
      : `${plural ? 'have' : 'has'} already been refunded`;
    const line = `The ${names} from order ${order.id} ${done}, ${nothingChanged}.`;
    return { ...base, facts: [...facts, `${done}: ${names}`], replyLines: [line] };
  };
  // An item paid back or replaced is never replaced, or sent back for a refund, as well.
  if (request !== 'refund' && matches.some((match) => match.refundable < match.quantity)) {
    return alreadyRefunded();
  }
  let offer: OrderChangeOffer;
  if (request === 'refund') {
    // Only what was not refunded before: an item refunded once is never paid for again.
    const unrefunded = matches
      .filter((match) => match.refundable > 0)
      .map((match) => ({ ...match, quantity: match.refundable }));
    const left = order.totalMinor - order.refundedMinor;
    const amountMinor = Math.min(
      left,
      unrefunded.reduce((sum, match) => sum + match.amountMinor, 0),
    );
    if (left <= 0) {
      const line = `Order ${order.id} has already been refunded in full, ${nothingChanged}.`;
      return { ...base, replyLines: [line] };
    }
    if (amountMinor <= 0) return alreadyRefunded();
    const refunded = listed(unrefunded.map(itemName));
    const them = several(unrefunded) ? 'them' : 'it';
    // Less than the items cost, because the customer asked for less: that, and never more.
    const partial = askedMinor !== undefined && askedMinor < amountMinor ? askedMinor : undefined;
    const what =
      partial === undefined
        ? `what you paid for ${them}`
        : `${Money.of(partial, order.currency).format()} of what you paid for ${them}, as you asked`;
    offer = {
      kind: 'refund',
      orderId: order.id,
      line: `For the ${refunded} from order ${order.id}${when}, we can refund ${what}.${warranty}`,
      params: {
        amountMinor: partial ?? amountMinor,
        currency: order.currency,
        reason,
        items: unrefunded.map((match) => ({ sku: match.line.sku, quantity: match.quantity })),
      },
    };
  } else if (request === 'replace') {
    // One item is exchanged for the same product by name; several for a new one of each.
    const single = matches.length === 1 ? { exchangeForSku: matches[0]!.line.sku } : {};
    offer = {
      kind: 'return_or_exchange',
      orderId: order.id,
      line: `For the ${names} from order ${order.id}${when}, we can send you ${several(matches) ? 'replacements' : 'a replacement'}.${warranty}`,
      params: { type: 'exchange', items, ...single, reason },
    };
  } else {
    offer = {
      kind: 'return_or_exchange',
      orderId: order.id,
      line: `The ${names} from order ${order.id}${when ? `${when},` : ''} can be sent back to us, and we refund ${several(matches) ? 'them once they reach' : 'it once it reaches'} us.${warranty}`,
      params: { type: 'return', items, reason },
    };
  }
  return { ...base, replyLines: [offer.line], offer };
}

/**
 * An offer made on a message triage did not recognise ("there's a moth hole in the throw, can I get it
 * replaced?" read as `other`), or what stands in its way (already refunded), is the answer on its own: the
 * help article such a message finds is beside the point (it quoted the order-confirmation article once), so
 * the reply is the offer, after a word of sympathy for a fault or a missing item. So is a replacement,
 * whatever the need: the refund policy's "once we approve a refund, it takes 5–10 business days" is beside
 * it. A recognised need keeps its article otherwise (the refund policy), and so does a fault the help centre
 * has steps for (the graph keeps those first).
 */
const sorryFor: Record<string, string> = {
  [FAULT]: "I'm sorry to hear that.",
  [MISSING]: "I'm sorry something was missing from your delivery.",
};

function onItsOwn(intent: string, report: OrdersReport): OrdersReport {
  const replacement = report.offer?.params?.type === 'exchange';
  if (intent !== 'other' && !replacement) return report;
  if (!report.offer) return { ...report, answers: true };
  const opening = sorryFor[String(report.offer.params?.reason)];
  return { ...report, answers: true, ...(opening ? { opening } : {}) };
}

const question = (summary: string, line: string, facts: string[] = []): OrdersReport => ({
  skill: 'orders',
  summary,
  facts,
  replyLines: [line],
  failures: [],
  answers: true,
});

/** The orders skill's report for a refund, return or replacement: an offer on the named lines, or a question. */
export async function moneyReport(
  input: SkillInput,
  request: MoneyRequest,
  read: () => Promise<OrderView[]> = () => ordersWithLines(input),
): Promise<OrdersReport> {
  const orders = await read();
  const eligible = orders.filter(
    (order) =>
      order.status === 'delivered' && (request !== 'refund' || order.totalMinor > order.refundedMinor),
  );
  const reading = readItems(input.text, eligible, orders);
  const what = request === 'refund' ? 'refunded' : request === 'replace' ? 'replaced' : 'returned';
  switch (reading.kind) {
    case 'lines':
      return onItsOwn(
        input.intent,
        offerFor(
          request,
          plainText(input.text),
          reading.order,
          reading.matches,
          new Date(),
          askedAmountMinor(input.text),
        ),
      );
    case 'ask_which':
      return question(
        `asked which of ${reading.candidates.length} items`,
        // The question ends the line, so that it is the last thing the customer reads.
        `On your account I can see ${inventory(reading.candidates)}. Nothing has been ${what} yet: which item is this about (and how many, if you had more than one)?`,
      );
    case 'not_found':
      return question(
        `no ${reading.named} on the customer's orders`,
        reading.owned.length > 0
          ? `I couldn't find ${missingName(reading.named)} on your orders, ${nothingChanged}. What I can see is ${inventory(reading.owned)}. Which item is it about?`
          : `I couldn't find ${missingName(reading.named)} on your orders, ${nothingChanged}. Could you tell me the order number it came on?`,
        [`the customer named the ${reading.named}, which is on none of their delivered orders`],
      );
    case 'not_eligible':
      return (
        cancelInstead(reading.matches, what) ??
        question(
          `the named item is on no order that can be ${what}`,
          `${capitalised(whereTheyAre(reading.matches))}, ${nothingChanged}. ${nextStep(reading.matches)}`,
          reading.matches.map((match) => `${match.line.name} on ${match.order.id} (${match.order.status})`),
        )
      );
    case 'unknown_order':
      return question(
        `order ${reading.orderId} is not on the customer's account`,
        reading.owned.length > 0
          ? `I couldn't find that order number on your account, ${nothingChanged}. Your delivered orders are ${inventory(reading.owned)}. Which one do you mean?`
          : `I couldn't find that order number on your account, ${nothingChanged}. Could you check it?`,
      );
    case 'nothing':
      return question(
        'no eligible order',
        `I couldn't find a delivered order on your account that could be ${what}, ${nothingChanged}. Could you tell me the order number?`,
      );
  }
}
