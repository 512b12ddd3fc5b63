// The demo store reads as of the day it is loaded: its dates keep their distance from "now", so the return and
// refund windows answer the same on every day the desk and its scenarios run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores, type Stores } from '../store/index.js';
import { openTestEmbedded, type TestDatabase } from '../testing/databases.js';
import { CATALOG_AS_OF, customers, orders } from './data/catalog.js';
import { loadDemoData, resetDemoData } from './load.js';

const DAY_MS = 86_400_000;
const tenant = 'demo';

describe('demo store dates', () => {
  let t: TestDatabase;
  let stores: Stores;
  beforeAll(async () => {
    t = await openTestEmbedded();
    stores = createStores(t.db);
  });
  afterAll(() => t.dispose());

  const ageInDays = (iso: string | undefined, now: Date) => (now.getTime() - Date.parse(iso!)) / DAY_MS;

  it('moves orders and customers by the time since the catalogue was written', async () => {
    const later = new Date(Date.parse(CATALOG_AS_OF) + 100 * DAY_MS);
    await loadDemoData(t.db, stores, tenant, later);
    const written = orders.find((o) => o.id === 'ord_1001')!;
    const loaded = await stores.customers.order(tenant, 'ord_1001');
    const asOf = new Date(CATALOG_AS_OF);
    expect(ageInDays(loaded!.deliveredAt, later)).toBeCloseTo(ageInDays(written.deliveredAt, asOf), 6);
    expect(ageInDays(loaded!.placedAt, later)).toBeCloseTo(ageInDays(written.placedAt, asOf), 6);
    const alice = await stores.customers.get(tenant, 'cus_01');
    expect(ageInDays(alice!.createdAt, later)).toBeCloseTo(ageInDays(customers[0]!.createdAt, asOf), 6);
  });

  it('keeps an order that is not delivered undelivered', async () => {
    const pending = orders.find((o) => o.deliveredAt === undefined)!;
    const loaded = await stores.customers.order(tenant, pending.id);
    expect(loaded!.deliveredAt).toBeUndefined();
  });

  it('reads as of the day of a reset too', async () => {
    const earlier = new Date(Date.parse(CATALOG_AS_OF) - 3 * DAY_MS);
    await resetDemoData(t.db, stores, tenant, earlier);
    const written = orders.find((o) => o.id === 'ord_1001')!;
    const loaded = await stores.customers.order(tenant, 'ord_1001');
    expect(Date.parse(loaded!.deliveredAt!)).toBe(Date.parse(written.deliveredAt!) - 3 * DAY_MS);
  });
});
