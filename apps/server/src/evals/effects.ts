// Sorting a conversation's actions into the kinds scenarios talk about, and reading order, amount and items
// out of an action's stored result whatever its shape.
import type { OrderRecord, PerformedAction } from '../store/index.js';

export type EffectGroup = 'refunds' | 'returns' | 'changes' | 'tickets';

const TICKET_KINDS = new Set(['ticket', 'create_ticket', 'hand_over']);

export function groupOf(kind: string): EffectGroup {
  if (kind === 'refund') return 'refunds';
  if (/return|exchange|replace/.test(kind)) return 'returns';
  if (TICKET_KINDS.has(kind)) return 'tickets';
  return 'changes';
}

/** Actions that move money or goods on an order's items. */
export const movesMoney = (kind: string): boolean => kind === 'refund' || groupOf(kind) === 'returns';

/** Writes to the customer's account or orders, which need the customer's yes first. */
export const isWrite = (kind: string): boolean => !TICKET_KINDS.has(kind);

export const orderIdOf = (action: PerformedAction): string | undefined => {
  const id = action.result.orderId ?? action.result.order_id;
  return typeof id === 'string' ? id : undefined;
};

/** Amount in minor units, when the action states one. */
export const amountOf = (action: PerformedAction): number | undefined => {
  const value = action.result.amountMinor;
  return typeof value === 'number' ? value : undefined;
};

/** A listed line's SKU or name, lower-cased: lines may be listed as objects or as plain names. */
function keyOf(line: unknown): string {
  if (typeof line === 'string') return line.toLowerCase();
  if (line && typeof line === 'object') {
    const { sku, name } = line as { sku?: unknown; name?: unknown };
    if (typeof sku === 'string') return sku.toLowerCase();
    if (typeof name === 'string') return name.toLowerCase();
  }
  return '';
}

/**
 * The order lines the action covers: the lines it lists when it lists any; otherwise, for a refund, the
 * lines whose total equals the amount (one line, or the whole order), else every line of the order.
 */
export function itemsOf(action: PerformedAction, order: OrderRecord | undefined): OrderRecord['lines'] {
  if (!order) return [];
  const listed: unknown = action.result.lines ?? action.result.items;
  if (Array.isArray(listed) && listed.length > 0) {
    const keys = (listed as unknown[]).map((line) => keyOf(line)).filter((key) => key !== '');
    return order.lines.filter(
      (line) => keys.includes(line.sku.toLowerCase()) || keys.includes((line.name ?? '').toLowerCase()),
    );
  }
  const amount = amountOf(action);
  if (amount !== undefined) {
    const single = order.lines.filter((line) => line.unitPriceMinor * line.quantity === amount);
    if (single.length === 1) return single;
    const unit = order.lines.filter((line) => line.unitPriceMinor === amount);
    if (unit.length === 1) return unit;
  }
  return order.lines;
}

/** Whether the fragment names this line: its name, SKU or a word of its category. */
export const lineMatches = (line: OrderRecord['lines'][number], fragment: string, category = ''): boolean => {
  const wanted = fragment.toLowerCase();
  return [line.name ?? '', line.sku, category].some((text) => text.toLowerCase().includes(wanted));
};
