// Loads the demo store (Juniper & Pine) into a tenant: customers, products, orders and help articles.
// Loading is idempotent; `reset` also clears the tenant's conversations, requests and approvals. The catalogue's
// dates move to the day of loading (see CATALOG_AS_OF), so its orders are as old on every day it is loaded.
import { fileURLToPath } from 'node:url';
import type { Database, Stores } from '../store/index.js';
import { readArticleFolder } from './articles.js';
import { CATALOG_AS_OF, customers, orders, products } from './data/catalog.js';

const articlesFolder = fileURLToPath(new URL('./data/articles/', import.meta.url));

export interface DemoSummary {
  customers: number;
  products: number;
  orders: number;
  articles: number;
}

/** An ISO timestamp of the catalogue moved by `offsetMs`, so the catalogue reads as of the day it is loaded. */
const moved = (iso: string, offsetMs: number) => new Date(Date.parse(iso) + offsetMs).toISOString();

export async function loadDemoData(
  db: Database,
  stores: Stores,
  tenantId: string,
  now: Date = new Date(),
): Promise<DemoSummary> {
  const offsetMs = now.getTime() - Date.parse(CATALOG_AS_OF);
  const articles = await readArticleFolder(articlesFolder);
  const productNames = new Map(products.map((product) => [product.sku, product.name]));
  const productCategories = new Map(products.map((product) => [product.sku, product.category]));
  await db.transaction(async (tx) => {
    for (const customer of customers) {
      await stores.customers.upsert(
        { tenantId, ...customer, createdAt: moved(customer.createdAt, offsetMs) },
        tx,
      );
    }
    for (const product of products) {
      await stores.customers.upsertProduct(
        tenantId,
        {
          sku: product.sku,
          name: product.name,
          category: product.category,
          priceMinor: product.priceCents,
          currency: 'USD',
          description: product.description,
        },
        tx,
      );
    }
    for (const order of orders) {
      await stores.customers.upsertOrder(
        tenantId,
        {
          id: order.id,
          customerId: order.customerId,
          status: order.status,
          currency: order.currency,
          totalMinor: order.totalCents,
          lines: order.lines.map((line) => ({
            sku: line.sku,
            name: productNames.get(line.sku) ?? line.sku,
            category: productCategories.get(line.sku),
            quantity: line.quantity,
            unitPriceMinor: line.unitPriceCents,
          })),
          shippingAddress: { ...order.shippingAddress },
          placedAt: moved(order.placedAt, offsetMs),
          deliveredAt: order.deliveredAt && moved(order.deliveredAt, offsetMs),
        },
        tx,
      );
    }
    for (const article of articles) {
      await stores.articles.upsert(tenantId, { ...article, visibility: 'public' }, tx);
    }
  });
  return {
    customers: customers.length,
    products: products.length,
    orders: orders.length,
    articles: articles.length,
  };
}

/** Whether the tenant has any customers yet (the first start loads the demo store). */
export async function hasData(db: Database, tenantId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM customers WHERE tenant_id = $1 LIMIT 1', [tenantId]);
  return rows.length > 0;
}

/** Removes the tenant's conversations and everything that hangs off them, then reloads the store. */
export async function resetDemoData(
  db: Database,
  stores: Stores,
  tenantId: string,
  now: Date = new Date(),
): Promise<DemoSummary> {
  await db.transaction(async (tx) => {
    // Checkpoints are keyed by thread only, so they go first, while the tenant's threads are still known.
    for (const table of ['checkpoint_writes', 'checkpoint_blobs', 'checkpoints']) {
      await tx.query(
        `DELETE FROM ${table} WHERE thread_id IN (SELECT id FROM conversations WHERE tenant_id = $1)`,
        [tenantId],
      );
    }
    const tables = ['approvals', 'decisions', 'actions', 'tickets', 'audit_entries', 'outbox', 'requests'];
    tables.push('messages', 'conversations', 'orders', 'products', 'articles', 'customers');
    for (const table of tables) await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  });
  return loadDemoData(db, stores, tenantId, now);
}
