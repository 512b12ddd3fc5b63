// Consistency checks for the Juniper & Pine demo data: catalogue integrity, the fixed facts other suites
// rely on, and the shape of every help-centre article.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { customers, orders, products } from './catalog.js';
import type { DemoOrder } from './catalog.js';

const ARTICLE_CATEGORIES = [
  'passwords',
  'accounts',
  'shipping',
  'returns',
  'refunds',
  'billing',
  'troubleshooting',
  'orders',
  'products',
] as const;

const REQUIRED_SLUGS = [
  'reset-your-password',
  'cant-sign-in',
  'refund-policy',
  'damaged-or-defective-items',
  'track-your-order',
  'change-shipping-address',
  'cancel-an-order',
  'start-a-return',
  'exchange-an-item',
  'update-payment-method',
  'understand-your-invoice',
  'delivery-times',
  'international-shipping',
  'two-factor-authentication',
  'close-your-account',
  'update-account-email',
  'espresso-machine-troubleshooting',
  'warranty-coverage',
  'gift-cards',
  'promo-codes',
];

const articlesDir = fileURLToPath(new URL('./articles/', import.meta.url));

interface ParsedArticle {
  slug: string;
  title: string | undefined;
  category: string | undefined;
  body: string;
}

function parseArticle(file: string): ParsedArticle {
  const text = readFileSync(join(articlesDir, file), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  const meta = new Map<string, string>();
  for (const line of (match?.[1] ?? '').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) meta.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return {
    slug: file.replace(/\.md$/, ''),
    title: meta.get('title'),
    category: meta.get('category'),
    body: (match?.[2] ?? '').trim(),
  };
}

const articleFiles = readdirSync(articlesDir).filter((f) => f.endsWith('.md'));
const articles = articleFiles.map(parseArticle);

function ordersOf(customerId: string): DemoOrder[] {
  return orders
    .filter((o) => o.customerId === customerId)
    .sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt));
}

function product(sku: string) {
  return products.find((p) => p.sku === sku);
}

describe('demo catalog', () => {
  it('has 20 customers with ids cus_01..cus_20 and unique emails on example domains', () => {
    expect(customers.map((c) => c.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `cus_${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.email).toMatch(/^[a-z.]+@example\.(com|org)$/);
      expect(Number.isNaN(Date.parse(c.createdAt))).toBe(false);
    }
  });

  it('has exactly 5 VIP customers: cus_03, cus_07, cus_11, cus_15, cus_19', () => {
    const vips = customers.filter((c) => c.tier === 'vip').map((c) => c.id);
    expect(vips).toEqual(['cus_03', 'cus_07', 'cus_11', 'cus_15', 'cus_19']);
  });

  it('has unique product skus with positive integer prices', () => {
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    for (const p of products) {
      expect(Number.isInteger(p.priceCents)).toBe(true);
      expect(p.priceCents).toBeGreaterThan(0);
    }
    expect(products.some((p) => p.priceCents > 50_000)).toBe(true);
  });

  it('has unique order ids', () => {
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
  });

  it.each(orders.map((o) => [o.id, o] as const))('%s total equals the sum of its lines', (_id, order) => {
    const sum = order.lines.reduce((acc, l) => acc + l.quantity * l.unitPriceCents, 0);
    expect(order.lines.length).toBeGreaterThan(0);
    expect(order.totalCents).toBe(sum);
  });

  it('references only existing customers and skus', () => {
    const customerIds = new Set(customers.map((c) => c.id));
    const skus = new Set(products.map((p) => p.sku));
    for (const o of orders) {
      expect(customerIds.has(o.customerId), o.id).toBe(true);
      for (const l of o.lines) {
        expect(skus.has(l.sku), `${o.id} ${l.sku}`).toBe(true);
        expect(Number.isInteger(l.quantity) && l.quantity > 0).toBe(true);
      }
    }
  });

  it('gives every customer between 1 and 4 orders, shipped to their own postcode', () => {
    for (const c of customers) {
      const own = ordersOf(c.id);
      expect(own.length, c.id).toBeGreaterThanOrEqual(1);
      expect(own.length, c.id).toBeLessThanOrEqual(4);
      for (const o of own) expect(o.shippingAddress.postcode).toBe(c.postcode);
    }
  });

  it('keeps order dates within June–November 2026 and consistent with the status', () => {
    const from = Date.parse('2026-06-01T00:00:00Z');
    const to = Date.parse('2026-12-01T00:00:00Z');
    for (const o of orders) {
      const placed = Date.parse(o.placedAt);
      expect(placed >= from && placed < to, o.id).toBe(true);
      if (o.status === 'delivered' || o.status === 'returned') {
        expect(o.deliveredAt, o.id).toBeDefined();
        const delivered = Date.parse(o.deliveredAt!);
        expect(delivered > placed && delivered < to, o.id).toBe(true);
      } else {
        expect(o.deliveredAt, o.id).toBeUndefined();
      }
    }
  });

  it('holds the fixed facts about cus_01, cus_02 and cus_03', () => {
    const byId = new Map(customers.map((c) => [c.id, c]));
    expect(byId.get('cus_01')).toMatchObject({ name: 'Alice Moreno', tier: 'standard' });
    expect(byId.get('cus_02')).toMatchObject({ name: 'Ben Okafor', tier: 'standard' });
    expect(byId.get('cus_03')).toMatchObject({ name: 'Chloe Hart', tier: 'vip' });

    const alice = ordersOf('cus_01')[0]!;
    expect(alice.id).toBe('ord_1001');
    expect(alice.status).toBe('delivered');
    expect(alice.totalCents).toBe(74_900);
    expect(alice.lines).toHaveLength(1);
    expect(alice.lines[0]).toMatchObject({ quantity: 1, unitPriceCents: 74_900 });
    expect(product(alice.lines[0]!.sku)?.name).toBe('Barista Pro Espresso Machine');

    const ben = ordersOf('cus_02')[0]!;
    expect(ben.id).toBe('ord_1002');
    expect(ben.status).toBe('delivered');
    expect(ben.totalCents).toBe(8_950);

    const chloe = ordersOf('cus_03');
    const ord1003 = chloe.find((o) => o.id === 'ord_1003')!;
    expect(ord1003.status).toBe('delivered');
    expect(ord1003.totalCents).toBeGreaterThan(50_000);
    expect(chloe.some((o) => Date.parse(o.placedAt) < Date.parse(ord1003.placedAt))).toBe(true);
  });
});

describe('demo help-centre articles', () => {
  it('has about 40 articles including every required slug', () => {
    expect(articles.length).toBeGreaterThanOrEqual(35);
    const slugs = new Set(articles.map((a) => a.slug));
    for (const slug of REQUIRED_SLUGS) expect(slugs.has(slug), slug).toBe(true);
  });

  it.each(articles.map((a) => [a.slug, a] as const))(
    '%s has a title, a known category and a body',
    (_slug, article) => {
      expect(article.title).toBeTruthy();
      expect(ARTICLE_CATEGORIES).toContain(article.category);
      expect(article.body.length).toBeGreaterThan(0);
    },
  );

  it('states the refund policy facts other suites rely on', () => {
    const policy = articles.find((a) => a.slug === 'refund-policy')!;
    expect(policy.category).toBe('refunds');
    for (const fact of ['30 days', '5–10 business days', '$500', 'final sale', 'original payment method']) {
      expect(policy.body.toLowerCase()).toContain(fact.toLowerCase());
    }
  });
});
