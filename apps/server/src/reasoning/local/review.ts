// Review of a draft before it reaches the customer: is every fact in it grounded in the sources or the
// customer's records, does it cite what it used, and does it leak anyone's personal data?
import type { Review, ReviewInput } from '../port.js';
import { formatMoney } from './text.js';

const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const phonePattern = /\+?\d[\d\s().-]{7,}\d/g;
const moneyPattern = /[$€£]\s?\d[\d,]*(?:\.\d{2})?/g;
const orderPattern = /\bord_\w+/gi;

export function reviewDraft({
  draft,
  articles,
  orders,
  products = [],
  customer,
  statements,
}: ReviewInput): Review {
  const reasons: string[] = [];
  const checks: boolean[] = [];
  const sourceText = [...articles.map((article) => article.body), ...(statements ?? [])].join('\n');

  const knownOrders = new Set(orders.map((order) => order.id.toLowerCase()));
  for (const id of draft.reply.match(orderPattern) ?? []) {
    const known = knownOrders.has(id.toLowerCase());
    checks.push(known);
    if (!known) reasons.push(`mentions order ${id}, which is not on the customer's account`);
  }

  const knownAmounts = new Set(
    orders.flatMap((order) => [
      formatMoney(order.totalMinor, order.currency),
      formatMoney(order.totalMinor - order.refundedMinor, order.currency),
    ]),
  );
  for (const product of products) knownAmounts.add(formatMoney(product.priceMinor, product.currency));
  for (const amount of draft.reply.match(moneyPattern) ?? []) {
    const grounded = knownAmounts.has(amount.replace(/\s/g, '')) || sourceText.includes(amount);
    checks.push(grounded);
    if (!grounded) reasons.push(`states an amount (${amount}) found in no source or order`);
  }

  const articleIds = new Set(articles.map((article) => article.id));
  for (const citation of draft.citations) {
    const known = articleIds.has(citation);
    checks.push(known);
    if (!known) reasons.push(`cites ${citation}, which research did not retrieve`);
  }
  const records = new Set([
    ...products.map((product) => `product:${product.sku}`),
    ...orders.map((order) => `order:${order.id}`),
  ]);
  for (const ground of draft.grounds ?? []) {
    const known = records.has(ground);
    checks.push(known);
    if (!known) reasons.push(`quotes ${ground}, which is not among the customer's records`);
  }
  const quotesRecords = (draft.grounds ?? []).length > 0;
  if (draft.citations.length === 0 && !quotesRecords && !draft.producedBy.startsWith('person')) {
    const conversational = draft.reply.length < 200 && !draft.action;
    checks.push(conversational);
    if (!conversational) reasons.push('cites no source');
  }

  const leaked = [
    ...(draft.reply.match(emailPattern) ?? []).filter(
      (email) => email.toLowerCase() !== customer.email.toLowerCase(),
    ),
    ...(draft.reply.match(phonePattern) ?? []),
  ];
  if (leaked.length > 0) reasons.push('contains personal data (an email address or phone number)');

  const groundingScore = checks.length === 0 ? 1 : checks.filter(Boolean).length / checks.length;
  if (draft.confidence < 0.6) reasons.push(`the draft's confidence (${draft.confidence.toFixed(2)}) is low`);
  const pass = groundingScore >= 0.8 && draft.confidence >= 0.6 && leaked.length === 0;
  return {
    pass,
    reasons: pass ? ['grounded in its sources', ...reasons] : reasons,
    groundingScore,
    confidence: Math.min(draft.confidence, groundingScore),
  };
}
