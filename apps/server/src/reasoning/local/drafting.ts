// Extractive, grounded drafting: every reply is built from the retrieved passages and the customer's own
// records. It never invents an order, an amount or a policy; when it has nothing to stand on it says so
// with low confidence, and quality sends the draft to a person.
import { addressed, composeReply, greetingFor } from '../../domain/reply.js';
import type { Draft, DraftInput, OrderFact, SourceArticle } from '../port.js';
import { contentWords, overlap, paragraphs, sentences, stepLists, type StepList } from './text.js';

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

function fromArticles(hello: string, input: DraftInput): Draft {
  const article = input.articles[0];
  if (!article) {
    return {
      reply: `${hello}\n\nI couldn't find an answer to this in our help centre, so I'm passing it to a member of our team.`,
      citations: [],
      confidence: 0.2,
      producedBy: 'extractive',
    };
  }
  const query = contentWords(input.text);
  const lists = relevantLists(stepLists(article.body), query);
  const body =
    lists.length > 0
      ? `Here's what to do, from our help article "${article.title}":\n\n${lists.map(formatList).join('\n\n')}`
      : `From our help article "${article.title}": ${bestPassage(article, query)}`;
  const recentOrder = input.intent === 'order_status' ? orderStatusLine(input.orders[0]) : '';
  return {
    reply: `${hello}\n\n${recentOrder}${body}\n\n${closing}`,
    citations: [article.id],
    confidence: confidenceFromRetrieval(article, query),
    producedBy: 'extractive',
  };
}

/**
 * An unrecognised request: a confident article answers it; a weak match gets one clarifying question; a
 * message nothing matches (gibberish, a bare "help") gets a request to say it another way. A person is
 * the last resort, not the first.
 */
function answerOrAsk(hello: string, input: DraftInput): Draft {
  const query = contentWords(input.text);
  const article = input.articles[0];
  const hits = article ? overlap(query, `${article.title} ${article.body}`) : 0;
  if (!article || query.size === 0 || hits === 0) {
    return {
      reply: `${hello}\n\nSorry, I didn't quite understand that. Could you say that another way, or tell us a bit more about what you need?`,
      citations: [],
      confidence: 0.7,
      producedBy: 'extractive',
    };
  }
  if (confidenceFromRetrieval(article, query) >= 0.75) return fromArticles(hello, input);
  return {
    reply: `${hello}\n\nI want to get this right for you. Could you tell us a bit more about what happened, and which order or product it's about?`,
    citations: [],
    confidence: 0.7,
    producedBy: 'extractive',
  };
}

/**
 * The procedure whose heading or steps share most words with the question; when none shares any (a
 * general "it doesn't work"), the article's first two procedures, each under its heading.
 */
function relevantLists(lists: StepList[], query: Set<string>): StepList[] {
  const scored = lists.map((list) => ({
    list,
    score: overlap(query, `${list.heading} ${list.steps.join(' ')}`),
  }));
  const best = scored.reduce<(typeof scored)[number] | undefined>(
    (top, entry) => (entry.score > (top?.score ?? 0) ? entry : top),
    undefined,
  );
  return best ? [best.list] : lists.slice(0, 2);
}

const formatList = (list: StepList, _index: number, all: StepList[]) => {
  const steps = list.steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
  return all.length > 1 && list.heading ? `${list.heading}:\n${steps}` : steps;
};

/** The one or two sentences of the article that share the most words with the question. */
function bestPassage(article: SourceArticle, query: Set<string>): string {
  const ranked = paragraphs(article.body)
    .flatMap((paragraph) => sentences(paragraph))
    .map((sentence, index) => ({ sentence, index, score: overlap(query, sentence) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 2)
    .sort((a, b) => a.index - b.index);
  return ranked.map((entry) => entry.sentence).join(' ');
}

function confidenceFromRetrieval(article: SourceArticle, query: Set<string>): number {
  const titleHits = overlap(query, article.title);
  const bodyHits = overlap(query, article.body);
  if (titleHits > 0) return 0.9;
  if (bodyHits >= 2) return 0.75;
  return bodyHits === 1 ? 0.55 : 0.35;
}

const orderStatusLine = (order: OrderFact | undefined) =>
  order ? `Your most recent order, ${order.id} (${order.items.join(', ')}), is ${order.status}.\n\n` : '';

/**
 * A refund request or a damaged item: the policy's own words, and nothing performed. Which lines may be
 * refunded, for how much, is the orders skill's to find from the customer's order lines; the graph then
 * states that exact refund and performs it only on the customer's yes (and an approver's, over the limit).
 */
function refundDraft(hello: string, input: DraftInput): Draft {
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
