// Extractive, grounded drafting: every reply is built from the retrieved passages and the customer's own
// records. It never invents an order, an amount or a policy; when it has nothing to stand on it says so
// with low confidence, and quality sends the draft to a person.
import { asksForShippingMoney, asksHowThingsWork } from '../../domain/asking.js';
import { impliedTermsOf } from '../../domain/help-centre-words.js';
import { addressed, composeReply, greetingFor } from '../../domain/reply.js';
import type { Draft, DraftInput, OrderFact, ProductFact, SourceArticle } from '../port.js';
import { quoteSection, sectionsOf, statesCondition, type Section } from './sections.js';
import { contentWords, formatMoney, overlap, paragraphs, sentences } from './text.js';

const closing = "If this doesn't solve it, just reply here and we'll take it further.";

export function draftReply(input: DraftInput): Draft {
  const draft = draftFromSources(input);
  return input.handBack ? pickingUpFrom(input.handBack, draft) : draft;
}

/** The first answer after a person handed the conversation back carries on from what they said. */
function pickingUpFrom(handBack: { person: string; summary: string }, draft: Draft): Draft {
  const [greeting, ...rest] = draft.reply.split('\n\n');
  const note = `Picking up from ${handBack.person} on our team: ${handBack.summary.trim()}`;
  return { ...draft, reply: [greeting, note, ...rest].join('\n\n') };
}

function draftFromSources(input: DraftInput): Draft {
  const hello = greetingFor(input.customer.name);
  if (input.humanGuidance) {
    return {
      reply: composeReply({ name: input.customer.name, body: input.humanGuidance }),
      citations: [],
      confidence: 0.95,
      producedBy: 'person',
    };
  }
  if (input.feedback) return revisedAfterFeedback(hello, input.feedback);
  if (input.products) {
    const answer = catalogueAnswer(hello, input.products, input.text);
    // Nothing sold fits, but a help article is about exactly this ("do you have gift cards?"): it answers.
    if (answer || !titled(input.articles, input.text)) return answer ?? notSold(hello);
  }
  switch (input.intent) {
    case 'greeting':
      return conversational(`${hello}\n\nThanks for getting in touch. What can we help you with today?`);
    case 'thanks':
      return conversational(
        `${addressed((first) => `You're welcome, ${first}!`, "You're welcome!", input.customer.name)} We're here if you need anything else.`,
      );
    case 'refund_request':
    case 'damaged_item':
      return refundDraft(hello, input);
    case 'other':
      return answerOrAsk(hello, input);
    default:
      return fromArticles(hello, input);
  }
}

const conversational = (reply: string): Draft => ({
  reply,
  citations: [],
  confidence: 0.9,
  producedBy: 'extractive',
});

function revisedAfterFeedback(hello: string, feedback: string): Draft {
  return {
    reply: `${hello}\n\nThank you for your patience. A member of our team has reviewed your request: ${feedback}\n\n${closing}`,
    citations: [],
    confidence: 0.8,
    // The substance is the reviewer's own words: the person who rejected the draft has read this reply.
    producedBy: 'person-feedback',
  };
}

/**
 * The article of research's (best first) that a reply to `text` answers from and cites. The troubleshooting
 * skill follows the same one, so the steps it remembers as given are those of the article the reply quotes.
 */
export const articleAnswering = (
  articles: readonly SourceArticle[],
  text: string,
): SourceArticle | undefined => bestArticle(articles, questionWords(text));

/**
 * The question's words and those its words imply in the help centre's own ("send it back" is a return,
 * "too big" an exchange of size): choosing the article and its section by the customer's words alone, "how
 * long do I have to send something back" quoted the gift-card article for its "something ... back".
 */
const questionWords = (text: string) => {
  const implied = impliedTermsOf(text);
  return contentWords(implied ? `${text} ${implied}` : text);
};

function fromArticles(hello: string, input: DraftInput): Draft {
  const query = questionWords(input.text);
  const article = bestArticle(input.articles, query);
  if (!article) {
    return {
      reply: `${hello}\n\nI couldn't find an answer to this in our help centre, so I'm passing it to a member of our team.`,
      citations: [],
      confidence: 0.2,
      producedBy: 'extractive',
    };
  }
  const recentOrder = input.intent === 'order_status' ? orderStatusLine(input.orders[0]) : '';
  return {
    reply: `${hello}\n\n${recentOrder}${answerFrom(article, query)}\n\n${closing}`,
    citations: [article.id],
    confidence: confidenceFromRetrieval(article, query),
    producedBy: 'extractive',
  };
}

/** Whether an article's title shares a word with the question. */
const titled = (articles: readonly SourceArticle[], text: string) =>
  articles.some((article) => overlap(contentWords(text), article.title) > 0);

/**
 * A shopping question answered from the catalogue: what fits, each with its price and what it is, citing
 * the products. Undefined when nothing fits.
 */
function catalogueAnswer(hello: string, products: readonly ProductFact[], text: string): Draft | undefined {
  if (products.length === 0) return undefined;
  const price = (product: ProductFact) => formatMoney(product.priceMinor, product.currency);
  const firstSentence = (description: string) => sentences(description)[0] ?? description;
  const [first] = products;
  const body =
    products.length === 1 || /\b(how much|price|cost)\b/i.test(text)
      ? `The ${first!.name} is ${price(first!)}. ${firstSentence(first!.description)}` +
        (products.length > 1
          ? `\n\nYou might also like:\n${products
              .slice(1)
              .map((p) => `- ${p.name}, ${price(p)}`)
              .join('\n')}`
          : '')
      : `Here's what we have that fits:\n${products
          .map((p) => `- ${p.name}, ${price(p)}: ${firstSentence(p.description)}`)
          .join('\n')}`;
  return {
    reply: `${hello}\n\n${body}\n\nJust reply here if you'd like to know more about any of them.`,
    citations: [],
    grounds: products.map((product) => `product:${product.sku}`),
    confidence: 0.85,
    producedBy: 'extractive',
  };
}

/** Nothing the desk sells fits: said plainly, rather than handed to a person who would say the same. */
const notSold = (hello: string): Draft => ({
  reply: `${hello}\n\nSorry, that's not something we sell: nothing in our catalogue fits what you're looking for.`,
  citations: [],
  confidence: 0.8,
  producedBy: 'extractive',
});

/**
 * Of the articles research found (best first), the one that best answers, scored twice (a word few of them
 * use counts for more than one they all use, "canada" over "shipping"): as a whole, by the question's words
 * it shares (the title's double), and by its best passage (passageScores). The passage keeps an article that
 * mentions the words here and there, each in passing ("password reset links" in an article on changing your
 * email), from outranking one with a passage about them. The search's order breaks ties.
 */
function bestArticle(
  articles: readonly SourceArticle[],
  query: ReadonlySet<string>,
): SourceArticle | undefined {
  const whole = weightedOverlap(
    query,
    articles.map((article) => ({ heading: article.title, text: article.body })),
  );
  const bestPassage = passageScores(articles, query).map((scores) => Math.max(0, ...scores));
  // The search's own order stands unless a lower-ranked article shares at least two of the question's
  // words and clearly more of them (weighted) than the first: in all, or in one passage of a title that
  // names as much of the question (a passage is no reason to leave an article titled with the very ask).
  const titleWords = articles.map((article) => overlap(query, article.title));
  const clearly = (score: number[], index: number, than: number) =>
    score[index]! * (1 - 0.1 * index) > 1.5 * score[than]!;
  const beats = (index: number, than: number) =>
    clearly(whole, index, than) ||
    (titleWords[index]! >= titleWords[than]! && clearly(bestPassage, index, than));
  let best = 0;
  articles.forEach((article, index) => {
    const shared = overlap(query, `${article.title} ${article.body}`);
    if (index > 0 && shared >= 2 && beats(index, best)) best = index;
  });
  return articles[best];
}

/**
 * Each article's sections scored against the question, all the articles' sections weighed as one set of
 * passages (a word few passages use counts for more, a section's heading double): one list per article,
 * one score per section as sectionsOf reads it.
 */
function passageScores(articles: readonly SourceArticle[], query: ReadonlySet<string>): number[][] {
  const sections = articles.map((article) => sectionsOf(article.body));
  const flat = weightedOverlap(
    query,
    sections.flat().map((section) => ({ heading: section.heading, text: section.blocks.join(' ') })),
  );
  let at = 0;
  return sections.map((list) => list.map(() => flat[at++]!));
}

/**
 * The answer quoted from the article, cut at section boundaries: the section that best shares the
 * question's words (its heading counts double), whole; the article's opening too when it states a
 * condition or is what the question is about; the first two sections when nothing matches (a general "it
 * doesn't work").
 */
function answerFrom(article: SourceArticle, query: ReadonlySet<string>): string {
  const all = sectionsOf(article.body);
  const scores = weightedOverlap(
    query,
    all.map((section) => ({ heading: section.heading, text: section.blocks.join(' ') })),
  );
  const top = Math.max(0, ...scores);
  const opening = all[0]?.heading === '' ? all[0] : undefined;
  let chosen: Section[] = top === 0 ? all.slice(0, 2) : [all[scores.indexOf(top)]!];
  // An opening that only introduces the article is followed by the section that best answers.
  if (opening && chosen[0] === opening && top > 0) {
    const rest = scores.map((score, index) => (all[index] === opening ? 0 : score));
    const next = Math.max(...rest);
    if (next > 0) chosen = [opening, all[rest.indexOf(next)]!];
  }
  if (opening && !chosen.includes(opening)) {
    const openingText = opening.blocks.join(' ');
    if (statesCondition(openingText) || overlap(query, openingText) > 0) chosen = [opening, ...chosen];
  }
  const quoted = chosen.map((section) => quoteSection(section, chosen.length > 1)).join('\n\n');
  return `From our help article "${article.title}":\n\n${quoted}`;
}

/** Each unit's share of the question's words, a word weighted by how few units use it (heading ×2). */
function weightedOverlap(
  query: ReadonlySet<string>,
  units: Array<{ heading: string; text: string }>,
): number[] {
  const words = units.map((unit) => ({ heading: contentWords(unit.heading), text: contentWords(unit.text) }));
  const weight = (word: string) => {
    const using = words.filter((unit) => unit.heading.has(word) || unit.text.has(word)).length;
    return using === 0 ? 0 : 1 + 0.5 * Math.log(units.length / using);
  };
  const weights = new Map([...query].map((word) => [word, weight(word)]));
  return words.map((unit) =>
    [...query].reduce(
      (sum, word) =>
        sum + (unit.heading.has(word) ? 2 : unit.text.has(word) ? 1 : 0) * (weights.get(word) ?? 0),
      0,
    ),
  );
}

/**
 * An unrecognised request: a confident article answers it; a weak match gets one clarifying question; a
 * message nothing matches (gibberish, a bare "help") gets a request to say it another way. A person is
 * the last resort, not the first.
 */
/** Words that say something is wrong without saying what: alone they are no question to answer. */
const vague = contentWords(
  'problem problems issue issues order orders thing things stuff help fix work working broken wrong expected before sort',
);

function answerOrAsk(hello: string, input: DraftInput): Draft {
  const query = new Set([...questionWords(input.text)].filter((word) => !vague.has(word)));
  const article = bestArticle(input.articles, query);
  const hits = article ? overlap(query, `${article.title} ${article.body}`) : 0;
  if (!article || query.size === 0 || hits === 0) {
    return {
      reply: `${hello}\n\nSorry, I didn't quite understand that. Could you say that another way, or tell us a bit more about what you need?`,
      citations: [],
      // Asking is safe: nothing is claimed, so even a VIP's question goes out without a person reading it.
      confidence: 0.8,
      producedBy: 'extractive',
    };
  }
  if (confidenceFromRetrieval(article, query, { strict: true }) >= 0.75) return fromArticles(hello, input);
  return {
    reply: `${hello}\n\nI want to get this right for you. Could you tell us a bit more about what happened, and which order or product it's about?`,
    citations: [],
    confidence: 0.8,
    producedBy: 'extractive',
  };
}

/**
 * How well the article answers. A short question whose words the article mostly shares ("where do you ship
 * from?") is as well matched as a long one, except for an unrecognised request (`strict`): there one
 * shared word ("help", "fix") says nothing, and the customer is asked instead.
 */
function confidenceFromRetrieval(
  article: SourceArticle,
  query: ReadonlySet<string>,
  { strict = false } = {},
): number {
  const titleHits = overlap(query, article.title);
  const bodyHits = overlap(query, article.body);
  if (titleHits > 0) return 0.9;
  if (bodyHits >= 2 || (!strict && bodyHits > 0 && bodyHits >= query.size / 2)) return 0.75;
  return bodyHits === 1 ? 0.55 : 0.35;
}

const orderStatusLine = (order: OrderFact | undefined) =>
  order ? `Your most recent order, ${order.id} (${order.items.join(', ')}), is ${order.status}.\n\n` : '';

/**
 * A question about refunds in general ("what is your refund policy?", "can final sale items be refunded?"): it
 * names no order and nothing of the customer's, so the article answering it answers it. "Can I get a refund"
 * and "could you refund it" are requests.
 */
const asksAboutRefunds = (text: string) =>
  asksHowThingsWork(text) && !/\b(?:my|our|ord_\w+|i (?:bought|ordered|got|received))\b/i.test(text);

/**
 * A refund request or a damaged item: the policy's own words, and nothing performed. Which lines may be
 * refunded, for how much, is the orders skill's to find from the customer's order lines; the graph then
 * states that exact refund and performs it only on the customer's yes (and an approver's, over the limit).
 */
function refundDraft(hello: string, input: DraftInput): Draft {
  if (asksAboutRefunds(input.text) || asksForShippingMoney(input.text)) return fromArticles(hello, input);
  const policy = input.articles.find((article) => article.id === 'refund-policy') ?? input.articles[0];
  const damaged = /\b(damaged|broken|defective|cracked|smashed|faulty|torn)\b/i.test(input.text);
  const missing = /\bmissing\b/i.test(input.text);
  const policyLines = policy ? policySentences(policy.body, damaged) : [];
  const opening = damaged
    ? "I'm sorry your order arrived damaged."
    : missing
      ? "I'm sorry something is missing from your order."
      : '';
  const said = [
    ...(opening ? [opening] : []),
    ...(policyLines.length > 0 ? [`As our refund policy says: ${policyLines.join(' ')}`] : []),
  ];
  return {
    reply: [hello, '', said.length > 0 ? said.join('\n\n') : 'Let me check your orders.'].join('\n'),
    citations: policy ? [policy.id] : [],
    confidence: policy ? 0.85 : 0.55,
    producedBy: 'extractive',
  };
}

/** The policy's own words on what applies: damaged items (when damaged) and when the money arrives. */
function policySentences(body: string, damaged: boolean): string[] {
  const all = paragraphs(body).flatMap((paragraph) => sentences(paragraph));
  const wanted = [...(damaged ? [/\b(damaged|defective)\b.*\brefund/i] : []), /business days/i];
  const picked = wanted.map((pattern) => all.find((sentence) => pattern.test(sentence)));
  return [...new Set(picked.filter((sentence): sentence is string => sentence !== undefined))];
}
