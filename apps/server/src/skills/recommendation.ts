// Product recommendation: from the catalogue, the categories the customer already buys from and the
// interests in their profile — never a product they already own.
import { catalogueQuestion } from './catalogue.js';
import { asAgent, emptyReport, type Skill, type SkillInput, type SkillReport } from './types.js';

// Ideas for a gift are asked for; "a refund on a gift card?" and "I bought it as a gift" ask for none.
const asksForIdeas =
  /\b(recommend|suggest|suggestion|looking for|gift ideas?|(?:a )?(?:gift|present) for|what should i (buy|get)|which .* (buy|choose))\b/i;

interface Product {
  sku: string;
  name: string;
  category: string;
  description: string;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);

export const productRecommendation: Skill = {
  name: 'recommendation',
  // A product question is the catalogue search's to answer; this suggests from what they bought before.
  handles: (intent, text) => asksForIdeas.test(text) && !catalogueQuestion(intent, text),
  async run(input: SkillInput): Promise<SkillReport> {
    const context = asAgent(input, 'recommendation');
    const customerId = input.context.customerId;
    const [{ products }, { orders }, { preferences }] = (await Promise.all([
      input.tools.callTool('crm.list_products', {}, context),
      input.tools.callTool('crm.list_orders', { customerId }, context),
      input.tools.callTool('crm.get_preferences', { customerId }, context),
    ])) as [
      { products: Product[] },
      { orders: Array<{ items: string[] }> },
      { preferences: { interests?: string[] } },
    ];
    const owned = new Set(orders.flatMap((order) => order.items.map((item) => item.replace(/^\d+ × /, ''))));
    const boughtCategories = new Set(
      products.filter((product) => owned.has(product.name)).map((p) => p.category),
    );
    const asked = words(`${input.text} ${(preferences.interests ?? []).join(' ')}`);
    const ranked = products
      .filter((product) => !owned.has(product.name))
      .map((product) => {
        const about = words(`${product.name} ${product.category} ${product.description}`);
        const overlap = [...asked].filter((word) => about.has(word)).length;
        return { product, score: overlap * 2 + (boughtCategories.has(product.category) ? 1 : 0) };
      })
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.product.name.localeCompare(b.product.name))
      .slice(0, 3)
      .map((entry) => entry.product);
    if (ranked.length === 0) return emptyReport('recommendation', 'nothing in the catalogue fits');
    const names = ranked.map((product) => product.name);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    return {
      skill: 'recommendation',
      summary: `recommends ${ranked.map((product) => product.sku).join(', ')}`,
      facts: ranked.map((product) => `${product.sku}: ${product.name} (${product.category})`),
      replyLines: [`Based on what you've bought from us before, you might like the ${list}.`],
      failures: [],
    };
  },
};
