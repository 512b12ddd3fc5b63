// Catalogue search for product questions ("do you sell a coffee grinder?", "a good laptop under $1000",
// "how much is the camp stove"): the products the question names or describes, within the budget it gives.
// An empty answer is an answer too: the desk then says plainly that nothing it sells fits.
import type { ProductFact } from '../reasoning/port.js';
import { customerWordsFor, mentionScore, plainText } from './order-items.js';
import { asAgent, type Skill, type SkillInput, type SkillReport } from './types.js';

/** Questions about what the desk sells: availability, price, size, suggestions. */
const asksAboutProducts =
  /\b(do you (guys )?(sell|have|carry|stock|make)|you (sell|carry)|sell any|any (good )?ideas|recommend|suggest|looking for|gift|how much (is|are|does|do)|what size|how big|dimensions|price of|in stock|under \$?\d|budget)\b/i;

/**
 * A shopping question (what is sold, for how much, what size, what to buy) the catalogue answers; how to
 * use or care for a product stays with the help centre.
 */
export const catalogueQuestion = (intent: string, text: string): boolean =>
  ['product_question', 'other', 'greeting', 'shipping_info'].includes(intent) && asksAboutProducts.test(text);

/** The most the customer wants to pay, in minor units: "under $100", "budget around 50 bucks". */
export function budgetOf(text: string): number | undefined {
  const plain = text.toLowerCase().replace(/,/g, '');
  const under =
    /\b(?:under|below|less than|max(?:imum)?|up to|no more than|cheaper than)\s*\$?\s*(\d+(?:\.\d+)?)/.exec(
      plain,
    );
  if (under) return Math.round(Number(under[1]) * 100);
  const around =
    /\b(?:around|about|roughly|budget(?: is| of)?(?: around| about)?)\s*\$?\s*(\d+(?:\.\d+)?)\s*(?:\$|bucks|dollars|usd)?/.exec(
      plain,
    );
  // "Around $50" allows a little over: a quarter.
  if (around) return Math.round(Number(around[1]) * 125);
  return undefined;
}

/** Words of a shopping question that say nothing about which product. */
const shoppingWords = new Set(
  'good great nice best cheap decent quality something anything stuff thing things idea ideas recommend recommendation suggest suggestion looking look want need buy get sell sells selling carry stock have gift present someone somebody person who loves love likes like budget around about under below bucks dollars price cost much many what which does any your you our for the and with that this are can there some kind sort inch from into over when will would could should them they their its has was were been then than just really also very all not dont here where how why'.split(
    ' ',
  ),
);

const wordsOf = (text: string) =>
  new Set(
    plainText(text)
      .split(' ')
      .filter((word) => word.length > 2 && !/^\d/.test(word))
      .map((word) =>
        word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
      ),
  );

/**
 * The products the question is about, best first: named (or called by a customer's word for them) counts
 * most, then shared words of the description. Within the budget when one is given; at most three.
 */
export function searchCatalogue(text: string, products: readonly ProductFact[]): ProductFact[] {
  const asked = [...wordsOf(text)].filter((word) => !shoppingWords.has(word));
  const budget = budgetOf(text);
  return (
    products
      .map((product) => {
        const about = wordsOf(`${product.name} ${product.description}`);
        const shared = asked.filter((word) => about.has(word)).length;
        // "Someone who loves coffee": a word of what customers call the product ("coffee dripper") relates it.
        const called = wordsOf(customerWordsFor(product.name).join(' '));
        const related = asked.filter((word) => !about.has(word) && called.has(word)).length;
        return { product, score: 3 * mentionScore(text, product) + shared + 2 * related };
      })
      // One shared word of a description ("come", "amount") is no answer to a shopping question.
      .filter((entry) => entry.score >= 2 && (budget === undefined || entry.product.priceMinor <= budget))
      .sort((a, b) => b.score - a.score || a.product.priceMinor - b.product.priceMinor)
      .slice(0, 3)
      .map((entry) => entry.product)
  );
}

export const catalogueSearch: Skill = {
  name: 'catalogue',
  handles: catalogueQuestion,
  async run(input: SkillInput): Promise<SkillReport> {
    // The recommendation agent's tools: the catalogue is read-only and the same for every customer.
    const { products } = (await input.tools.callTool(
      'crm.list_products',
      {},
      asAgent(input, 'recommendation'),
    )) as { products: ProductFact[] };
    const found = searchCatalogue(input.text, products);
    return {
      skill: 'catalogue',
      summary:
        found.length > 0
          ? `the catalogue has ${found.map((product) => product.sku).join(', ')}`
          : 'nothing in the catalogue fits',
      facts: found.map((product) => `${product.sku}: ${product.name} (${product.category})`),
      replyLines: [],
      products: found,
      failures: [],
    };
  },
};
