// Customers, their orders and the product catalogue: the records research reads and actions change.
import type { Database, Queryable } from './database.js';
import { int, iso } from './rows.js';

export interface CustomerRecord {
  id: string;
  tenantId: string;
  name: string;
  email: string;
  tier: 'standard' | 'vip';
  postcode: string;
  phone: string;
  createdAt: string;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface OrderRecord {
  id: string;
  customerId: string;
  status: 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'returned';
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  /** How many of each line (by SKU) have been refunded; lines refunded as part of an amount only are not. */
  refundedItems: Record<string, number>;
  /** How many of each line (by SKU) an exchange not cancelled replaces: those are not refunded as well. */
  replacedItems: Record<string, number>;
  /** Each line with the product's name and catalogue category where known (demo data has both). */
  lines: Array<OrderLine & { name?: string; category?: string }>;
  shippingAddress: Record<string, string>;
  placedAt: string;
  deliveredAt: string | undefined;
}

export interface ProductRecord {
  sku: string;
  name: string;
  category: string;
  priceMinor: number;
  currency: string;
  description: string;
}

interface CustomerRow {
  tenant_id: string;
  id: string;
  name: string;
  email: string;
  tier: 'standard' | 'vip';
  postcode: string;
  phone: string;
  created_at: Date;
}

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderRecord['status'];
  currency: string;
  total_minor: string;
  refunded_minor: string;
  refunded_items: Record<string, number>;
  replaced_items: Record<string, number> | null;
  lines: OrderRecord['lines'];
  shipping_address: Record<string, string>;
  placed_at: Date;
  delivered_at: Date | null;
}

/** The quantities of the order `o`'s lines that exchanges not cancelled replace, by SKU. */
const replacedItemsOf = `(
  SELECT jsonb_object_agg(x.sku, x.quantity) FROM (
    SELECT l->>'sku' AS sku, sum((l->>'quantity')::int) AS quantity
    FROM order_returns r, jsonb_array_elements(r.lines) l
    WHERE r.tenant_id = o.tenant_id AND r.order_id = o.id AND r.kind = 'exchange' AND r.status <> 'cancelled'
    GROUP BY 1) x
) AS replaced_items`;

const toCustomer = (row: CustomerRow): CustomerRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  email: row.email,
  tier: row.tier,
  postcode: row.postcode,
  phone: row.phone,
  createdAt: iso(row.created_at)!,
});

const toOrder = (row: OrderRow): OrderRecord => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  currency: row.currency,
  totalMinor: int(row.total_minor),
  refundedMinor: int(row.refunded_minor),
  refundedItems: row.refunded_items,
  replacedItems: row.replaced_items ?? {},
  lines: row.lines,
  shippingAddress: row.shipping_address,
  placedAt: iso(row.placed_at)!,
  deliveredAt: iso(row.delivered_at),
});

export class CustomerRepository {
  constructor(private readonly db: Database) {}

  /** The customer, or undefined when there is none with that id in the tenant. */
  async get(tenantId: string, id: string, q: Queryable = this.db): Promise<CustomerRecord | undefined> {
    const [row] = await q.query<CustomerRow>('SELECT * FROM customers WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toCustomer(row);
  }

  async list(tenantId: string): Promise<CustomerRecord[]> {
    const rows = await this.db.query<CustomerRow>(
      'SELECT * FROM customers WHERE tenant_id = $1 ORDER BY id',
      [tenantId],
    );
    return rows.map(toCustomer);
  }

  /** Inserts or replaces a customer (idempotent). */
  async upsert(customer: Omit<CustomerRecord, 'createdAt'> & { createdAt?: string }, q: Queryable = this.db) {
    await q.query(
      `INSERT INTO customers (tenant_id, id, name, email, tier, postcode, phone, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()))
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
         tier = EXCLUDED.tier, postcode = EXCLUDED.postcode, phone = EXCLUDED.phone`,
      [
        customer.tenantId,
        customer.id,
        customer.name,
        customer.email,
        customer.tier,
        customer.postcode,
        customer.phone,
        customer.createdAt ?? null,
      ],
    );
  }

  /** A customer's orders, newest first. */
  async orders(tenantId: string, customerId: string, q: Queryable = this.db): Promise<OrderRecord[]> {
    const rows = await q.query<OrderRow>(
      `SELECT o.*, ${replacedItemsOf} FROM orders o
       WHERE o.tenant_id = $1 AND o.customer_id = $2 ORDER BY o.placed_at DESC, o.id DESC`,
      [tenantId, customerId],
    );
    return rows.map(toOrder);
  }

  async order(tenantId: string, orderId: string, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    const [row] = await q.query<OrderRow>(
      `SELECT o.*, ${replacedItemsOf} FROM orders o WHERE o.tenant_id = $1 AND o.id = $2`,
      [tenantId, orderId],
    );
    return row && toOrder(row);
  }

  async upsertOrder(
    tenantId: string,
    order: Omit<OrderRecord, 'refundedMinor' | 'refundedItems' | 'replacedItems'>,
    q: Queryable = this.db,
  ) {
    await q.query(
      `INSERT INTO orders (tenant_id, id, customer_id, status, currency, total_minor, lines, shipping_address,
         placed_at, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (tenant_id, id) DO UPDATE SET status = EXCLUDED.status, total_minor = EXCLUDED.total_minor,
         lines = EXCLUDED.lines, shipping_address = EXCLUDED.shipping_address, refunded_minor = 0, refunded_items = '{}',
         placed_at = EXCLUDED.placed_at, delivered_at = EXCLUDED.delivered_at`,
      [
        tenantId,
        order.id,
        order.customerId,
        order.status,
        order.currency,
        order.totalMinor,
        JSON.stringify(order.lines),
        JSON.stringify(order.shippingAddress),
        order.placedAt,
        order.deliveredAt ?? null,
      ],
    );
  }

  /** Adds to an order's refunded amount; refuses (returns false) when it would exceed the total. */
  /**
   * Adds a refund to the order: its amount, and the items it is for. False, with nothing changed, when the
   * amount would pass the order's total or an item's refunded quantity its line's: checked in the statement,
   * so two refunds of the same item at once cannot both pass.
   */
  async addRefund(
    tenantId: string,
    orderId: string,
    amountMinor: number,
    q: Queryable,
    items: ReadonlyArray<{ sku: string; quantity: number }> = [],
  ): Promise<boolean> {
    const added: Record<string, number> = {};
    for (const item of items) added[item.sku] = (added[item.sku] ?? 0) + item.quantity;
    const rows = await q.query(
      `UPDATE orders o SET refunded_minor = o.refunded_minor + $3,
         refunded_items = o.refunded_items || coalesce((
           SELECT jsonb_object_agg(e.key, coalesce((o.refunded_items->>e.key)::int, 0) + e.value::int)
           FROM jsonb_each_text($4::jsonb) e), '{}'::jsonb)
       WHERE o.tenant_id = $1 AND o.id = $2 AND o.refunded_minor + $3 <= o.total_minor
         AND NOT EXISTS (
           SELECT 1 FROM jsonb_each_text($4::jsonb) e
           LEFT JOIN jsonb_array_elements(o.lines) l ON l->>'sku' = e.key
           WHERE l IS NULL OR coalesce((o.refunded_items->>e.key)::int, 0) + e.value::int > (l->>'quantity')::int)
       RETURNING o.id`,
      [tenantId, orderId, amountMinor, JSON.stringify(added)],
    );
    return rows.length === 1;
  }

  async upsertProduct(tenantId: string, product: ProductRecord, q: Queryable = this.db) {
    await q.query(
      `INSERT INTO products (tenant_id, sku, name, category, price_minor, currency, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, sku) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category,
         price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency, description = EXCLUDED.description`,
      [
        tenantId,
        product.sku,
        product.name,
        product.category,
        product.priceMinor,
        product.currency,
        product.description,
      ],
    );
  }

  async products(tenantId: string): Promise<ProductRecord[]> {
    const rows = await this.db.query<{
      sku: string;
      name: string;
      category: string;
      price_minor: string;
      currency: string;
      description: string;
    }>('SELECT * FROM products WHERE tenant_id = $1 ORDER BY sku', [tenantId]);
    return rows.map((row) => ({
      sku: row.sku,
      name: row.name,
      category: row.category,
      priceMinor: int(row.price_minor),
      currency: row.currency,
      description: row.description,
    }));
  }
}
