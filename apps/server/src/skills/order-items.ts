// Which of the customer's order lines a message is about: the product, order or item they name, matched
// against their own orders' line items (product names, categories and the words customers use for them).
// Money and item actions are only ever offered on what this finds; an unclear message is asked about.
import { normaliseText } from '../domain/index.js';

export interface OrderLineView {
  sku: string;
  name: string;
  category?: string | undefined;
  quantity: number;
  unitPriceMinor: number;
  /** How many of the line were refunded already (none when absent). */
  refundedQuantity?: number | undefined;
  /** How many of the line an exchange replaces (none when absent): not refunded as well. */
  replacedQuantity?: number | undefined;
}

export interface OrderView {
  id: string;
  status: string;
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  placedAt: string;
  deliveredAt: string | null;
  lines: OrderLineView[];
}

/** One line the customer means, with how many of it and what those are worth. */
export interface LineMatch {
  order: OrderView;
  line: OrderLineView;
  quantity: number;
  /** What a refund of them would be: those not refunded already, within what is left on the order. */
  amountMinor: number;
  /** How many of those meant were not refunded already. */
  refundable: number;
}

export type ItemReading =
  /** Lines of one order, named or the only possibility. */
  | { kind: 'lines'; order: OrderView; matches: LineMatch[] }
  /** More than one line or order fits: the customer is asked which. */
  | { kind: 'ask_which'; candidates: LineMatch[] }
  /** The customer named a product that is on none of their orders. */
  | { kind: 'not_found'; named: string; owned: LineMatch[] }
  /** The named item is on their orders, but none that allows the action (on its way, returned, refunded). */
  | { kind: 'not_eligible'; matches: LineMatch[] }
  /** The customer named an order id that is not one of theirs: never replaced by a guess. */
  | { kind: 'unknown_order'; orderId: string; owned: LineMatch[] }
  /** Nothing on the account the action could apply to. */
  | { kind: 'nothing' };

/** Words customers use for the catalogue's products, by a word of the product's name. */
const synonyms: Record<string, readonly string[]> = {
  espresso: ['coffee machine', 'coffee maker', 'espresso maker'],
  mixer: ['food mixer', 'kitchen mixer', 'stand mixer'],
  grinder: ['coffee grinder', 'bean grinder'],
  oven: ['casserole', 'cooking pot', 'pot'],
  skillet: ['frying pan', 'pan', 'fry pan'],
  knife: ['knives', 'chef knife'],
  towel: ['towels', 'tea towel', 'dish towel', 'dish cloth'],
  board: ['chopping board', 'boards'],
  throw: ['blanket'],
  lamp: ['table light', 'bedside light'],
  bench: ['seat'],
  candle: ['candles'],
  duvet: ['bedding', 'quilt cover', 'comforter'],
  rug: ['carpet'],
  tent: ['tents'],
  bottle: ['water bottle', 'flask', 'thermos'],
  stove: ['camp stove', 'camping stove', 'burner', 'cooker'],
  chair: ['chairs', 'camp chair'],
  dining: ['patio set', 'garden table', 'garden furniture', 'patio table', 'table and chairs'],
  hammock: ['hammocks'],
  camera: ['fridge cam', 'fridge camera'],
  scale: ['scales', 'weighing scale'],
  light: ['fairy lights', 'string lights', 'light string'],
  plug: ['plugs', 'smart plugs', 'socket'],
  apron: ['aprons'],
  sock: ['socks'],
  jacket: ['coat'],
  pour: ['pour over', 'pourover', 'coffee dripper', 'dripper'],
};

const categoryWords: Record<string, readonly string[]> = {
  kitchen: ['kitchen', 'kitchenware', 'cookware'],
  home: ['homeware', 'home decor', 'decor'],
  outdoor: ['outdoor', 'camping', 'garden'],
  electronics: ['electronics', 'electronic', 'gadget', 'gadgets', 'device', 'smart home', 'tech'],
  apparel: ['clothes', 'clothing', 'apparel', 'garment'],
};

/** Words in product names that say nothing about which product it is. */
const nameNoise = new Set([
  'set',
  'of',
  'in',
  'qt',
  'oz',
  'ft',
  'pack',
  'pairs',
  'with',
  'the',
  'and',
  'x',
  'pro',
  'kit',
  'smart',
  'trio',
  'queen',
  'two',
  'person',
  'steady',
  'slow',
  'morning',
  'harvest',
  'barista',
  'forge',
  'highland',
  'fireside',
  'washed',
  'braided',
  'ridgeline',
  'trailhead',
  'basecamp',
  'lakeside',
  'drift',
  'freshview',
  'precision',
  'glowfield',
  'waxed',
  'canvas',
  'merino',
  'stoneware',
  'cedar',
  'enamel',
  'linen',
  'bamboo',
  'soy',
  'teak',
  'solar',
  'bluetooth',
  'insulated',
  'folding',
  'pre',
  'seasoned',
  'cast',
  'iron',
  'burr',
  'wool',
  'jute',
  'entryway',
  'hiking',
  'work',
  'field',
  'tree',
  'straps',
  'table',
  'over',
  'kitchen',
  'cover',
]);

/** Words that make no pair of a product's name: "set of", "in the". */
const bigramNoise = new Set([
  'set',
  'of',
  'in',
  'with',
  'the',
  'and',
  'x',
  'qt',
  'oz',
  'ft',
  'pack',
  'pairs',
]);

/** Words after "my" / "the" that name no product: the customer is talking about the order as a whole. */
const generic = new Set([
  // What a customer gets or files that is not a product: "I got a notification", "file a chargeback".
  'notification',
  'message',
  'text',
  'call',
  'letter',
  'code',
  'link',
  'reply',
  'answer',
  'response',
  'update',
  'confirmation',
  'chargeback',
  'complaint',
  'review',
  'manager',
  // Who is talking or being talked about: "the customer is verified", "speak to a human".
  'customer',
  'admin',
  'administrator',
  'agent',
  'assistant',
  'bot',
  'human',
  'person',
  'representative',
  'supervisor',
  'system',
  'discount',
  'voucher',
  'coupon',
  'promo',
  'order',
  'orders',
  'package',
  'parcel',
  'box',
  'delivery',
  'shipment',
  'item',
  'items',
  'thing',
  'things',
  'stuff',
  'purchase',
  'purchases',
  'product',
  'products',
  'refund',
  'money',
  'account',
  'card',
  'payment',
  'one',
  'ones',
  'other',
  'rest',
  'whole',
  'everything',
  'store',
  'website',
  'site',
  'return',
  'exchange',
  'replacement',
  'question',
  'problem',
  'issue',
  'way',
  'time',
  'day',
  'days',
  'week',
  'weeks',
  'policy',
  'email',
  'address',
  'password',
  'team',
  'courier',
  'driver',
  'door',
  'stuff',
  'goods',
  'bill',
  'invoice',
  'receipt',
  'status',
  'tracking',
  'mind',
  'name',
  'husband',
  'wife',
  'partner',
  'kids',
  'son',
  'daughter',
  'friend',
  'mother',
  'father',
  'mom',
  'mum',
  'dad',
  'family',
  'house',
  'home',
  'flat',
  'apartment',
  'porch',
  'end',
  'side',
  'credit',
  'bank',
  'original',
  'same',
  'last',
  'first',
  'second',
  'next',
  'latest',
  'most',
  'recent',
  'new',
  'entire',
  'damaged',
  'broken',
  'missing',
  'wrong',
  'faulty',
  'defective',
  'torn',
  'cracked',
  'previous',
  'older',
  'earlier',
  'only',
  'two',
  'three',
  'both',
  'all',
  'any',
  'each',
  'few',
  'several',
  'lot',
  'bit',
  'money',
  'cash',
  'price',
  'amount',
  'total',
  'shipping',
  'postage',
  'fee',
  'fees',
  'charge',
  // What a gift card or a present is: not a product on an order ("a refund on a gift card").
  'gift',
  'gifts',
  'present',
  // Parts of a product: "the shade is cracked" is about the lamp the conversation is about, not a product of
  // its own that the desk could not find.
  ...'shade lid lids handle handles base cord cable strap zip zipper button buttons leg legs glass carafe blade blades bowl screen bulb bulbs switch knob dial wheel wheels seam seams stitching corner corners edge edges surface bottom top inside outside finish paint coating fabric material pole poles hinge spout filter battery charger display sole lining pocket sleeve collar hem wick jar glaze lens mount tray drawer'.split(
    ' ',
  ),
]);

const tokens = (text: string) => text.split(/[^a-z0-9]+/).filter(Boolean);
const stem = (word: string) =>
  word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;

/** The text as matched: normalised, lower-case, apostrophes dropped, single spaces. */
export const plainText = (text: string) =>
  ` ${normaliseText(text)
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9_]+/g, ' ')
    .trim()} `;

function keywordsOf(line: OrderLineView): string[] {
  return tokens(line.name.toLowerCase().replace(/'/g, ''))
    .filter((word) => !nameNoise.has(word) && !/^\d/.test(word) && word.length > 2)
    .map(stem);
}

/** The word that says what a line's product is: the last of its name's ("camp chair" is a chair). */
const headOf = (line: OrderLineView): string | undefined => keywordsOf(line).at(-1);

/** How strongly the text names this line: 0 when it does not. */
function lineScore(text: string, words: ReadonlySet<string>, line: OrderLineView): number {
  let score = 0;
  const keywords = keywordsOf(line);
  // The last word of a product's name says what it is ("camp chair" is a chair): it outweighs the others.
  keywords.forEach((keyword, index) => {
    if (words.has(keyword)) score += index === keywords.length - 1 ? 2 : 1;
  });
  for (const keyword of keywords) {
    for (const phrase of synonyms[keyword] ?? []) if (text.includes(` ${phrase} `)) score += 3;
  }
  // Two words of the name together name it even when each alone is a brand word ("the barista pro").
  const name = tokens(line.name.toLowerCase().replace(/'/g, ''));
  for (let i = 0; i + 1 < name.length; i++) {
    const pair = [name[i]!, name[i + 1]!];
    if (pair.some((word) => bigramNoise.has(word) || /^\d/.test(word))) continue;
    if (text.includes(` ${pair.join(' ')} `)) score += 3;
  }
  if (score === 0 && line.category) {
    for (const phrase of categoryWords[line.category] ?? []) if (text.includes(` ${phrase} `)) score += 1;
  }
  return score;
}

/** The words customers use for a product, beyond its name ("coffee dripper" for a pour-over set). */
export const customerWordsFor = (name: string): string[] =>
  keywordsOf({ sku: '', name, quantity: 1, unitPriceMinor: 0 }).flatMap((keyword) => synonyms[keyword] ?? []);

/** How strongly a message names a catalogue product (its name's words, the words customers use for it). */
export function mentionScore(
  message: string,
  product: { name: string; category?: string | undefined },
): number {
  const text = plainText(message);
  const words = new Set(tokens(text).map(stem));
  return lineScore(text, words, { sku: '', quantity: 1, unitPriceMinor: 0, ...product });
}

/** Words after a noun that say the customer has (or had) that thing: "the blender I bought", "my lamp arrived". */
const OWNED_AFTER =
  /^\s*(?:[a-z-]+\s+)?(?:(?:i|we)\s+(?:bought|ordered|got|received|purchased|returned|sent)\b|(?:arrived|came|is|was|isnt|wasnt|broke|has|had|stopped|doesnt|didnt|wont|leaks|keeps|showed|turned|never|still|just|from|on)\b)/;
/** Words before a noun that make it a thing the customer has: "bought a", "refund for the", "problem with my". */
const OWNED_BEFORE =
  /\b(?:bought|ordered|got|received|purchased|refund|refunded|return|returned|replace|exchange|back|about|with)(?:\s+(?:for|on|of))?\s*$/;

/**
 * A product the customer names ("the blender I bought"), if any: a noun that is not generic, after "my", or
 * after "the" / "a" where the words around it say the customer has it. "File a chargeback", "a full refund",
 * "speak to a manager" name no product, so the desk never answers "I couldn't find a chargeback on your orders".
 */
export function namedProduct(text: string): string | undefined {
  const plain = plainText(text);
  const pattern =
    /\b(my|the|a|an|this|that|these|those|our|new)\s+((?:(?:new|brand|whole|damaged|broken|faulty)\s+)*)([a-z][a-z-]{2,})(?:\s+([a-z][a-z-]{2,}))?/g;
  for (const match of plain.matchAll(pattern)) {
    const [, determiner, , word] = match as unknown as [string, string, string, string];
    if (generic.has(word) || generic.has(stem(word))) continue;
    if (/^(?:i|is|was|has|had|arrived|came|just|got|bought|ordered|doesnt|didnt|wont|isnt|broke)$/.test(word))
      continue;
    // What follows the noun itself (its second word too: "the espresso machine arrived").
    const end = match.index + determiner.length + 1 + match[2]!.length + word.length;
    const owned =
      determiner === 'my' ||
      determiner === 'our' ||
      OWNED_BEFORE.test(plain.slice(0, match.index)) ||
      OWNED_AFTER.test(plain.slice(end));
    if (owned) return nameFrom(plain.slice(end - word.length));
  }
  return undefined;
}

/** Nouns of quantity, kept with what they count: "a pair of shoes", "a set of knives". */
const quantityNoun = /^(pair|set|couple|pack|box|bag|bundle) of /;
/**
 * Words that end a product's name in a customer's sentence ("the blender I bought", "my lamp is broken",
 * "a kettle last week"): what follows the name, not part of it.
 */
const afterName = new Set(
  (
    'i im ive we you he she they it its is was are were be been has had have do does did arrived came come ' +
    'comes got get gets bought ordered purchased received returned sent broke broken stopped keeps kept ' +
    'leaks leaked doesnt didnt wont isnt wasnt cant and or but so because with without from on in at to ' +
    'for of by about that which who the a an my your our this these those last yesterday today just still ' +
    'never already also too very not no please thanks now here there again after before when if as'
  ).split(' '),
);

/**
 * The product's name as the customer says it, from its first noun on: "my cast iron pan has rust" names the
 * cast iron pan, not the "cast" a reply would otherwise say it could not find. At most three words.
 */
function nameFrom(text: string): string {
  const trimmed = text.trim();
  const counted = quantityNoun.exec(trimmed)?.[0] ?? '';
  const words = trimmed.slice(counted.length).split(' ');
  const name = [words[0]!];
  for (const word of words.slice(1, 3)) {
    if (afterName.has(word) || !/^[a-z][a-z-]{2,}$/.test(word) || generic.has(word)) break;
    name.push(word);
  }
  return counted + name.join(' ');
}

/**
 * "a blender", "an espresso machine", "any headphones", "a pair of shoes": a named product as a reply can say
 * it is missing (a name is plural by its head noun: the counting one when it counts).
 */
export function missingName(name: string): string {
  const words = name.split(' ');
  const head = words[1] === 'of' ? words[0]! : words.at(-1)!;
  if (/[^su]s$/.test(head)) return `any ${name}`;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/**
 * "one of", "a single", a number, or the product named in the singular ("my bottle is dented" of two
 * bottles): how many of the line the customer means; all of it when they say so, or name it in the plural.
 * When in doubt, fewer: a customer refunded too little asks again, money paid twice is not taken back.
 */
function quantityMeant(text: string, line: OrderLineView): number {
  if (line.quantity <= 1) return line.quantity;
  // "Both work but one has a chip, money back for that one": singling one out wins over "both" or "all".
  if (/\b(?:just|only|that|this) one\b|\bone of (?:them|the|my|those|these)\b/.test(text)) return 1;
  if (/\b(?:both|all|every|whole|entire)\b/.test(text)) return line.quantity;
  const number = /\b([1-9])\s+(?:of\s+(?:the|my)\s+)?[a-z]/.exec(text)?.[1];
  if (number && Number(number) <= line.quantity) return Number(number);
  if (/\b(?:one|a single|one of)\b/.test(text)) return 1;
  if (namedInSingular(text, line)) return 1;
  return line.quantity;
}

/**
 * Whether the customer names the line's product only in the singular ("the bottle", never "bottles",
 * "them" or "they"): the head of its name (its last word: a "camp chair" is a chair) read as they wrote it.
 */
function namedInSingular(text: string, line: OrderLineView): boolean {
  const head = headOf(line);
  if (!head || /\b(?:them|they|these|those)\b/.test(text)) return false;
  const plural = head.endsWith('s') ? `${head}es` : `${head}s`;
  return new RegExp(`\\b${head}\\b`).test(text) && !new RegExp(`\\b${plural}\\b`).test(text);
}

const matchOf = (text: string, order: OrderView, line: OrderLineView): LineMatch => {
  const quantity = quantityMeant(text, line);
  const left = order.totalMinor - order.refundedMinor;
  const settled = (line.refundedQuantity ?? 0) + (line.replacedQuantity ?? 0);
  const refundable = Math.max(0, Math.min(quantity, line.quantity - settled));
  return { order, line, quantity, refundable, amountMinor: Math.min(left, line.unitPriceMinor * refundable) };
};

const allLines = (text: string, orders: readonly OrderView[]) =>
  orders.flatMap((order) => order.lines.map((line) => matchOf(text, order, line)));

/** Orders that are over for the customer: an item on them is never what a new request is about. */
const closed = new Set(['cancelled', 'returned']);

/** "It arrived broken": the customer has the item, so an order still on its way is not the one. */
const arrived =
  /\b(?:arrived|came|got it|received|delivered|opened|unboxed|broken|broke|damaged|cracked|torn|ripped|stopped working|doesnt work|wont|leaks|leaking|missing)\b/;

/**
 * What a customer says is fine, or sets aside ("the towels are fine", "not the apron", "nothing wrong with
 * the lamp", "refund everything except the lamp", "the grinder wasn't in the box, only the pour-over set"):
 * it names a product they are not asking about. "Except"
 * sets aside only right after "everything" or "all": "all fine except the lamp" is about the lamp. "Not" only
 * before "the", "my" or "for the" ("a refund, but not for the lamp"), and two words after it at most: "I did
 * not get the lamp" and "it's not my fault the lamp broke" are about the lamp.
 */
const clearedItem = new RegExp(
  String.raw` (?:(?:the|my|both|all) )?[a-z]+(?: [a-z]+){0,2} (?:is|are|was|were|seems?|looks?) (?:all )?(?:fine|ok|okay|good|perfect|great|alright|all right|intact|undamaged|lovely|nice|beautiful|gorgeous|amazing|in one piece)\b` +
    String.raw`| (?:not (?:for )?(?:the|my)|(?:nothing wrong|no problems?) with(?: the| my)?|(?:keep|keeping|ill keep|i will keep) (?:the|my)) [a-z]+(?: [a-z]+)?(?= |$)` +
    String.raw`| (?:everything|all|all of it|all of them|the rest|both) (?:except|apart from|other than|besides|but)(?: for)?(?: the| my)? [a-z]+(?: [a-z]+)?(?= |$)` +
    String.raw`|(?<=\b(?:wasnt|was not|werent|were not|isnt|is not|missing|never (?:came|arrived))\b.*) (?:only|just)(?: (?:got|received|had|came|arrived|contained))? (?:the|my|a|an) [a-z]+(?: [a-z]+){0,2}(?= |$)`,
  'g',
);

/** The text without what the customer clears of the request (see clearedItem). */
const withoutClearedItems = (text: string) => text.replace(clearedItem, ' ');
/** What the customer clears of the request, each part as said. */
const clearedParts = (text: string) => [...text.matchAll(clearedItem)].map((match) => match[0]).join(' ');

/**
 * A product named to place another ("my smart plug stopped working, it came with the string lights", "on the
 * same order as the lamp"): the customer is not asking about it, however fully it is named.
 */
const placingMention = new RegExp(
  String.raw` (?:came|arrived|shipped|ordered|bought|got it|delivered)(?: it| them)? (?:with|alongside|together with|at the same time as) (?:the|my) [a-z]+(?: [a-z]+)?(?= |$)` +
    String.raw`| (?:same (?:order|box|parcel|package|delivery) as|along with|together with) (?:the|my) [a-z]+(?: [a-z]+)?(?= |$)`,
  'g',
);

/** The lines the message names by product, best match only, across the given orders. */
export function namedLines(message: string, orders: readonly OrderView[]): LineMatch[] {
  const plain = plainText(message);
  const text = withoutClearedItems(plain);
  const placing = text.match(placingMention)?.join(' ') ?? '';
  // Lines are scored on what the message is about: without the products it names only to place another.
  const about = placing ? text.replace(placingMention, ' ') : text;
  const words = new Set(tokens(about).map(stem));
  // A product the customer set aside anywhere in the message is not what they mean, however else they name it.
  const setAside = new Set(tokens(clearedParts(plain)).map(stem));
  const scored = orders.flatMap((order) =>
    order.lines.map((line) => ({
      order,
      line,
      score: keywordsOf(line).some((keyword) => setAside.has(keyword)) ? 0 : lineScore(about, words, line),
    })),
  );
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  if (best === 0) return [];
  const top = scored.filter((entry) => entry.score === best);
  // Named to place another and named again ("the candles came with the throw, and the throw has a hole"): the
  // message is read both ways, and the customer is asked which (namesEach never takes both).
  if (placing) {
    const placingWords = new Set(tokens(placing).map(stem));
    const again = scored.filter(
      (entry) => entry.score > 0 && entry.score < best && lineScore(placing, placingWords, entry.line) > 0,
    );
    if (again.length > 0) return [...top, ...again].map((entry) => matchOf(text, entry.order, entry.line));
  }
  // "The smart plugs and the lights", "the rug has a stain and the candles melted, refund both": a line of
  // the same order named beside the best, though less fully.
  const sameOrder = top.every((entry) => entry.order.id === top[0]!.order.id);
  const others = scored.filter(
    (entry) => entry.score > 0 && entry.score < best && entry.order.id === top[0]!.order.id,
  );
  const both = top.length === 1 && others.length === 1 && /\b(?:both|the two of them)\b/.test(text);
  const beside = !sameOrder
    ? []
    : both
      ? others
      : others.filter((entry) => top.some((named) => namedTogether(text, named.line, entry.line)));
  return [...top, ...beside].map((entry) => matchOf(text, entry.order, entry.line));
}

/** Whether two lines are named joined by "and" ("the plugs and the lights", "lights and smart plugs"). */
function namedTogether(text: string, one: OrderLineView, other: OrderLineView): boolean {
  const [a, b] = [headOf(one), headOf(other)];
  if (!a || !b || a === b) return false;
  const word = (head: string) => `${head}(?:s|es)?`;
  const gap = String.raw`(?: [a-z]+){0,2} (?:and|plus) (?:[a-z]+ ){0,3}`;
  return new RegExp(`\\b${word(a)}${gap}${word(b)}\\b|\\b${word(b)}${gap}${word(a)}\\b`).test(text);
}

/**
 * Whether the customer names each of several lines of one order, each by its own product ("the skillet and
 * the apron"), not as a choice ("the skillet or the apron") and none of them set aside anywhere ("refund the
 * apron? actually, the skillet, not the apron"): then all of them are meant.
 */
function namesEach(text: string, matches: readonly LineMatch[]): boolean {
  if (matches.some((match) => match.order.id !== matches[0]!.order.id) || /\bor\b/.test(text)) return false;
  if (new RegExp(placingMention.source).test(text)) return false;
  const heads = matches.map((match) => headOf(match.line));
  if (heads.some((head) => head === undefined) || new Set(heads).size !== heads.length) return false;
  const kept = withoutClearedItems(text);
  const mentions = (within: string, head: string) =>
    within.match(new RegExp(`\\b${head}(?:s|es)?\\b`, 'g'))?.length ?? 0;
  return heads.every((head) => mentions(text, head!) > 0 && mentions(kept, head!) === mentions(text, head!));
}

/**
 * Of the lines a product name matched, the ones a request can be about: orders that are over drop out
 * while a live one holds the item, and so do orders still on their way when the customer has the item.
 * One line on an eligible order is acted on; several are asked about (each order with its status); none
 * eligible is said plainly.
 */
function readNamed(text: string, top: LineMatch[], eligible: readonly OrderView[]): ItemReading {
  const live = top.filter((match) => !closed.has(match.order.status));
  const held = arrived.test(text) ? live.filter((match) => match.order.status === 'delivered') : live;
  const pool = held.length > 0 ? held : live.length > 0 ? live : top;
  const isEligible = (match: LineMatch) => eligible.some((order) => order.id === match.order.id);
  if ((pool.length === 1 || namesEach(text, pool)) && isEligible(pool[0]!)) {
    return { kind: 'lines', order: pool[0]!.order, matches: pool };
  }
  if (pool.length === 1 || !pool.some(isEligible)) return { kind: 'not_eligible', matches: pool };
  return { kind: 'ask_which', candidates: pool };
}

/**
 * Reads which of the customer's order lines the message is about. Only `lines` may lead to an offer; every
 * other reading is a question to the customer or a plain statement. A product is looked for on all of
 * `allOrders` (so a second grinder on an order still on its way is asked about, not ignored); `eligible`
 * are the orders the action may be taken on.
 */
export function readItems(
  message: string,
  eligible: readonly OrderView[],
  allOrders: readonly OrderView[],
): ItemReading {
  const text = plainText(message);
  const ownedIds = new Set(allOrders.map((order) => order.id.toLowerCase()));
  const namedIds = [...text.matchAll(/\bord_[a-z0-9]+/g)].map((match) => match[0]);
  const strange = namedIds.find((id) => !ownedIds.has(id));
  if (strange) return { kind: 'unknown_order', orderId: strange, owned: allLines(text, eligible) };
  const byId = (orders: readonly OrderView[]) =>
    namedIds.length > 0 ? orders.filter((order) => namedIds.includes(order.id.toLowerCase())) : orders;

  const top = namedLines(message, byId(allOrders));
  if (top.length > 0) return readNamed(text, top, eligible);
  const named = byId(eligible);
  if (named.length === 0) return { kind: 'nothing' };
  const product = namedProduct(message);
  if (product) return { kind: 'not_found', named: product, owned: allLines(text, named) };
  const candidates = allLines(text, named);
  // The whole of one order only when the customer says so; one line on one order is that line.
  const whole = /\b(?:whole|entire|everything|all of (?:it|them|the items)|all items|the lot)\b/.test(text);
  if (named.length === 1 && (candidates.length === 1 || (whole && namedIds.length > 0))) {
    return { kind: 'lines', order: named[0]!, matches: candidates };
  }
  return { kind: 'ask_which', candidates };
}
