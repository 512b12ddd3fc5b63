// Actions on an order: refund, cancel, change the delivery address, return or exchange items. Each states
// the exact change first and performs it in the ledger's transaction, so it happens once.
import { createHash } from 'node:crypto';
import { daysSinceDelivery, Money } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { OrderRecord } from '../store/index.js';
import type { ActionParams } from './params.js';
import type { ActionKindSpec, PlanContext } from './types.js';

export const idFor = (prefix: string, key: string) =>
  `${prefix}${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;

const format = (amountMinor: number, currency: string) => Money.of(amountMinor, currency).format();

/** The customer's own order; another customer's is reported exactly like a missing one. */
export async function ownOrder(context: PlanContext, orderId: string): Promise<OrderRecord> {
  const order = await context.stores.customers.order(context.tenantId, orderId);
  if (!order || order.customerId !== context.customer.id) {
    throw new DeskError('ORDER_NOT_FOUND', `No order ${orderId} on this account`, { orderId });
  }
  return order;
}

/** Whole days since the order was delivered; undefined while it is on its way. */
const daysSince = (deliveredAt: string | undefined, now: Date) =>
  deliveredAt === undefined ? undefined : daysSinceDelivery(deliveredAt, now);

const items = (order: OrderRecord) =>
  order.lines.map((line) => `${line.quantity} × ${line.name ?? line.sku}`).join(', ');

/**
 * Refuses a refund, return or exchange of more of a line than is left once what was refunded and what an
 * exchange replaces are counted: the customer is made whole once, with money or with a new item.
 */
function settledOnce(
  order: OrderRecord,
  line: OrderRecord['lines'][number],
  quantity: number,
  what: 'refund' | 'send back',
): void {
  const refunded = order.refundedItems[line.sku] ?? 0;
  const replaced = order.replacedItems[line.sku] ?? 0;
  if (refunded + replaced + quantity <= line.quantity) return;
  const done = [
    ...(refunded > 0 ? [`${refunded} refunded`] : []),
    ...(replaced > 0 ? [`${replaced} being replaced`] : []),
  ].join(' and ');
  throw new DeskError(
    'ACTION_NOT_ALLOWED',
    `${line.name ?? line.sku} of order ${order.id}: ${done}; ${line.quantity - refunded - replaced} left to ${what}`,
    { orderId: order.id, sku: line.sku },
  );
}

/** The lines a refund is for, as stated; the amount may not exceed what those lines cost. */
function refundedLines(
  order: OrderRecord,
  wanted: ReadonlyArray<{ sku: string; quantity: number }>,
  amountMinor: number,
): string {
  let worth = 0;
  const named = wanted.map((item) => {
    const line = order.lines.find((l) => l.sku === item.sku);
    if (!line || line.quantity < item.quantity) {
      throw new DeskError('VALIDATION_FAILED', `Order ${order.id} has no ${item.quantity} × ${item.sku}`, {
        field: 'items',
        sku: item.sku,
      });
    }
    // An item is refunded once (a second refund of it would be paid from what the order's other lines cost),
    // and never as well as replaced.
    settledOnce(order, line, item.quantity, 'refund');
    worth += line.unitPriceMinor * item.quantity;
    return `${item.quantity} × ${line.name ?? line.sku}`;
  });
  if (amountMinor > worth) {
    throw new DeskError(
      'INVALID_AMOUNT',
      `${format(amountMinor, order.currency)} is more than ${named.join(', ')} cost (${format(worth, order.currency)})`,
      { orderId: order.id },
    );
  }
  return named.join(', ');
}

export const refundAction: ActionKindSpec = {
  kind: 'refund',
  changesAccount: true,
  reversible: false,
  async plan(raw, context) {
    const params = raw as ActionParams<'refund'>;
    const order = await ownOrder(context, params.orderId);
    if (order.currency !== params.currency) {
      throw new DeskError('CURRENCY_MISMATCH', `Order ${order.id} is in ${order.currency}`, {
        orderId: order.id,
      });
    }
    // The items first: a second refund of an item is refused as such, not as an amount too large.
    const lines = params.items ? refundedLines(order, params.items, params.amountMinor) : undefined;
    const left = order.totalMinor - order.refundedMinor;
    if (params.amountMinor > left) {
      throw new DeskError(
        'INVALID_AMOUNT',
        `Only ${format(left, order.currency)} is left to refund on ${order.id}`,
        {
          orderId: order.id,
        },
      );
    }
    const amount = format(params.amountMinor, params.currency);
    return {
      statement: lines
        ? `Refund ${amount} for ${lines} of order ${order.id} to the original payment method.`
        : `Refund ${amount} of order ${order.id} (${items(order)}) to the original payment method.`,
      subject: { type: 'order', id: order.id },
      // The limit holds over everything refunded on the order, not per call: earlier refunds count.
      policy: {
        amount: Money.of(params.amountMinor, params.currency),
        refundedBefore: Money.of(order.refundedMinor, order.currency),
        orderStatus: order.status,
        daysSinceDelivery: daysSince(order.deliveredAt, context.now),
      },
      perform: async (tx) => {
        const refunded = await context.stores.customers.addRefund(
          context.tenantId,
          order.id,
          params.amountMinor,
          tx,
          params.items ?? [],
        );
        if (!refunded) {
          throw new DeskError(
            'INVALID_AMOUNT',
            `The refund would exceed what is left to refund on ${order.id}, or an item's refunded quantity`,
            {
              orderId: order.id,
            },
          );
        }
        return {
          refundId: `rf_${idFor('', context.key)}`,
          orderId: order.id,
          amountMinor: params.amountMinor,
          currency: params.currency,
          // The items it pays for, on the record: a part refund's amount alone says nothing of them.
          ...(params.items ? { items: params.items } : {}),
        };
      },
    };
  },
};

export const cancelOrderAction: ActionKindSpec = {
  kind: 'cancel_order',
  changesAccount: true,
  reversible: false,
  async plan(raw, context) {
    const params = raw as ActionParams<'cancel_order'>;
    const order = await ownOrder(context, params.orderId);
    if (order.status !== 'processing' && order.status !== 'shipped') {
      throw new DeskError(
        'ACTION_NOT_ALLOWED',
        `Order ${order.id} is ${order.status} and cannot be cancelled`,
        {
          orderId: order.id,
          status: order.status,
        },
      );
    }
    const refund = order.totalMinor - order.refundedMinor;
    return {
      statement:
        `Cancel order ${order.id} (${items(order)}), which is ${order.status}, and refund ` +
        `${format(refund, order.currency)} to the original payment method.`,
      subject: { type: 'order', id: order.id },
      policy: { orderStatus: order.status, amount: Money.of(refund, order.currency) },
      perform: async (tx) => {
        const updated = await tx.query(
          `UPDATE orders SET status = 'cancelled', refunded_minor = total_minor
           WHERE tenant_id = $1 AND id = $2 AND status = $3 RETURNING id`,
          [context.tenantId, order.id, order.status],
        );
        if (updated.length !== 1) {
          throw new DeskError(
            'ACTION_NOT_ALLOWED',
            `Order ${order.id} changed while it was being cancelled`,
            {
              orderId: order.id,
            },
          );
        }
        return {
          orderId: order.id,
          previousStatus: order.status,
          refundedMinor: refund,
          currency: order.currency,
        };
      },
    };
  },
};

export const changeAddressAction: ActionKindSpec = {
  kind: 'change_address',
  changesAccount: true,
  reversible: true,
  async plan(raw, context) {
    const params = raw as ActionParams<'change_address'>;
    const order = await ownOrder(context, params.orderId);
    if (order.status !== 'processing') {
      throw new DeskError(
        'ACTION_NOT_ALLOWED',
        `Order ${order.id} is ${order.status}; only an order still processing can be re-addressed`,
        { orderId: order.id, status: order.status },
      );
    }
    const a = params.address;
    // Where there are no regions (a UK address), the town stands in for one and is said once.
    const place = a.region === a.city ? `${a.city} ${a.postcode}` : `${a.city}, ${a.region} ${a.postcode}`;
    return {
      statement: `Deliver order ${order.id} to ${a.line1}, ${place}, ${a.country} instead of ${order.shippingAddress.line1 ?? 'the current address'}.`,
      subject: { type: 'order', id: order.id },
      policy: { orderStatus: order.status },
      perform: async (tx) => {
        const updated = await tx.query(
          `UPDATE orders SET shipping_address = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'processing'
           RETURNING id`,
          [context.tenantId, order.id, JSON.stringify(a)],
        );
        if (updated.length !== 1) {
          throw new DeskError('ACTION_NOT_ALLOWED', `Order ${order.id} shipped before the address changed`, {
            orderId: order.id,
          });
        }
        return { orderId: order.id, address: a, previousAddress: order.shippingAddress };
      },
    };
  },
  reverse: async (result, tx, { tenantId }) => {
    const updated = await tx.query(
      `UPDATE orders SET shipping_address = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'processing' RETURNING id`,
      [tenantId, result.orderId, JSON.stringify(result.previousAddress)],
    );
    if (updated.length !== 1) {
      throw new DeskError('ACTION_NOT_REVERSIBLE', `Order ${String(result.orderId)} has already shipped`, {
        orderId: result.orderId,
      });
    }
  },
};

export const returnOrExchangeAction: ActionKindSpec = {
  kind: 'return_or_exchange',
  changesAccount: true,
  reversible: true,
  async plan(raw, context) {
    const params = raw as ActionParams<'return_or_exchange'>;
    const order = await ownOrder(context, params.orderId);
    if (order.status !== 'delivered') {
      throw new DeskError(
        'ACTION_NOT_ALLOWED',
        `Order ${order.id} is ${order.status}; only delivered orders go back`,
        {
          orderId: order.id,
        },
      );
    }
    for (const item of params.items) {
      const line = order.lines.find((l) => l.sku === item.sku);
      if (!line || line.quantity < item.quantity) {
        throw new DeskError('VALIDATION_FAILED', `Order ${order.id} has no ${item.quantity} × ${item.sku}`, {
          field: 'items',
          sku: item.sku,
        });
      }
      // An item paid back or replaced is never replaced, or sent back for a refund, as well.
      settledOnce(order, line, item.quantity, 'send back');
    }
    const lines = params.items.map(
      (i) => `${i.quantity} × ${order.lines.find((l) => l.sku === i.sku)?.name ?? i.sku}`,
    );
    const returnId = idFor('RMA-', context.key).toUpperCase();
    // A replacement is the product the customer has, named as they know it; another product by its SKU. An
    // exchange that names none sends a new one of each item.
    const sameProduct = order.lines.find(
      (l) => l.sku === params.exchangeForSku && params.items.every((i) => i.sku === l.sku),
    );
    const sentInstead =
      params.exchangeForSku === undefined
        ? params.items.length > 1 || (params.items[0]?.quantity ?? 1) > 1
          ? 'new ones of the same'
          : 'a new one of the same'
        : sameProduct
          ? `a replacement ${sameProduct.name}`
          : params.exchangeForSku;
    return {
      statement:
        params.type === 'return'
          ? `Authorise the return of ${lines.join(', ')} from order ${order.id} for a refund once received.`
          : `Authorise the exchange of ${lines.join(', ')} from order ${order.id} for ${sentInstead}.`,
      subject: { type: 'order', id: order.id },
      policy: {
        orderStatus: order.status,
        daysSinceDelivery: daysSince(order.deliveredAt, context.now) ?? 0,
      },
      perform: async (tx) => {
        await tx.query(
          `INSERT INTO order_returns (tenant_id, id, order_id, customer_id, kind, lines, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            context.tenantId,
            returnId,
            order.id,
            order.customerId,
            params.type,
            JSON.stringify(params.items),
            params.reason,
          ],
        );
        return { returnId, orderId: order.id, type: params.type, items: params.items };
      },
    };
  },
  reverse: async (result, tx, { tenantId }) => {
    await tx.query(
      `UPDATE order_returns SET status = 'cancelled' WHERE tenant_id = $1 AND id = $2 AND status = 'authorised'`,
      [tenantId, result.returnId],
    );
  },
};
