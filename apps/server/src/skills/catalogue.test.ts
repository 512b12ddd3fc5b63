import { describe, expect, it } from 'vitest';
import { products as demoProducts } from '../demo/data/catalog.js';
import type { ProductFact } from '../reasoning/port.js';
import { budgetOf, catalogueQuestion, searchCatalogue } from './catalogue.js';

const catalogue: ProductFact[] = demoProducts.map((p) => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  priceMinor: p.priceCents,
  currency: 'USD',
  description: p.description,
}));
const names = (text: string) => searchCatalogue(text, catalogue).map((p) => p.name);

describe('catalogue search', () => {
  it('reads the budget a customer gives, allowing a little over "around"', () => {
    expect(budgetOf('a good laptop under $1,000')).toBe(100_000);
    expect(budgetOf('budget around 50 bucks')).toBe(6_250);
    expect(budgetOf('do you sell a coffee grinder?')).toBeUndefined();
  });

  it('finds the product a customer names in their own words, and nothing for what the store does not sell', () => {
    expect(names('do you sell a coffee grinder?')[0]).toBe('Steady Burr Coffee Grinder');
    expect(names('how much is the two burner camp stove')[0]).toBe('Basecamp Two-Burner Stove');
    expect(names('looking for a good laptop under $1000, what do you recommend')).toEqual([]);
    expect(names('do you have any 55 inch TVs?')).toEqual([]);
  });

  it('relates a product by what customers call it, and answers nothing from one stray description word', () => {
    expect(names("what's a nice gift for someone who loves coffee, budget around 50 bucks")).toEqual([
      'Slow Morning Pour-Over Set',
    ]);
    expect(names('what amounts do your gift cards come in')).toEqual([]);
    expect(names('how do I check how much is left on a gift card')).toEqual([]);
  });

  it('keeps within the budget', () => {
    const camping = searchCatalogue('need something for camping under $100, any ideas?', catalogue);
    expect(camping.length).toBeGreaterThan(0);
    for (const product of camping) expect(product.priceMinor).toBeLessThanOrEqual(10_000);
    expect(camping.map((p) => p.category)).toContain('outdoor');
  });

  it('takes shopping questions, recognised or not, and leaves care questions to the help centre', () => {
    expect(catalogueQuestion('product_question', 'how big is the rug?')).toBe(true);
    expect(catalogueQuestion('product_question', 'can the dutch oven go in the dishwasher')).toBe(false);
    expect(catalogueQuestion('other', 'do you guys sell TVs')).toBe(true);
    expect(catalogueQuestion('other', 'asdf qwerty')).toBe(false);
  });
});
