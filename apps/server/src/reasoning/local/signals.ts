// Rules that read a customer's message: how the customer feels, what makes it urgent, whether it says an
// earlier answer did not work, and the priority the classifier's intent gets under the tenant's rules. The
// intent patterns are the fallback used only when no trained classifier is available (and by summaries).
import type { Intent } from '../port.js';
import { defaultBasePriority, defaultTriageRules, type TriageRules } from './triage-rules.js';

interface IntentRule {
  intent: Intent;
  category: string;
  pattern: RegExp;
}

/** Checked in order: the first rule that matches names the intent (refund before damage, and so on). */
const intentRules: IntentRule[] = [
  {
    intent: 'human_request',
    category: 'handoff',
    pattern:
      /\b(speak|talk|chat) (to|with) (a |an )?(human|person|real person|agent|manager|someone)\b|\bhuman agent\b/,
  },
  { intent: 'refund_request', category: 'refunds', pattern: /\brefund|money back|reimburse/ },
  {
    intent: 'damaged_item',
    category: 'returns',
    pattern: /\b(damaged|broken|defective|cracked|smashed|faulty)\b/,
  },
  { intent: 'password_reset', category: 'passwords', pattern: /\bpassword\b|\bpasscode\b/ },
  {
    intent: 'sign_in_problem',
    category: 'accounts',
    pattern:
      /\b(can'?t|cannot|can not|unable to|won'?t let me|not able to)\s+(log ?in|sign ?in|access my account|get into my account)\b|\blocked out\b|\b(log ?in|sign ?in) (problem|issue|error)/,
  },
  { intent: 'cancel_order', category: 'orders', pattern: /\bcancel/ },
  { intent: 'change_address', category: 'shipping', pattern: /\b(change|update|wrong)\b.*\baddress\b/ },
  { intent: 'return_or_exchange', category: 'returns', pattern: /\b(return|exchange|swap)\b/ },
  {
    intent: 'order_status',
    category: 'orders',
    pattern:
      /\bwhere('s| is) my (order|package|parcel)|\btrack|\border status\b|\b(hasn'?t|has not|not yet) (arrived|come)|\blate\b/,
  },
  {
    intent: 'billing',
    category: 'billing',
    pattern: /\b(charged?|invoice|bill(ing)?|payment|card|receipt)\b/,
  },
  { intent: 'shipping_info', category: 'shipping', pattern: /\b(shipping|delivery|deliver|ship)\b/ },
  {
    intent: 'account',
    category: 'accounts',
    pattern: /\b(account|e-?mail address|profile|two-factor|2fa)\b/,
  },
  {
    intent: 'product_question',
    category: 'products',
    pattern: /\b(warranty|how (do|to) (i )?use|compatible|dimensions|manual|espresso|machine|product)\b/,
  },
  { intent: 'thanks', category: 'conversation', pattern: /^\s*(thanks|thank you|cheers|great,? thanks)\b/ },
  {
    intent: 'greeting',
    category: 'conversation',
    pattern: /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b[\s!.,]*$/,
  },
];

export interface IntentMatch {
  intent: Intent;
  category: string;
  /** How many rules matched: more than one means the message is less clear-cut. */
  matches: number;
}

export function matchIntent(text: string): IntentMatch | undefined {
  const lower = text.toLowerCase();
  const matched = intentRules.filter((rule) => rule.pattern.test(lower));
  const first = matched[0];
  return first && { intent: first.intent, category: first.category, matches: matched.length };
}

const unresolvedPattern =
  /\b(still|again)\b.*\b(not|n't|no luck|doesn'?t|isn'?t|can'?t|won'?t|broken|failing)\b|\bstill (not|doesn'?t|can'?t)\b|\bdidn'?t (help|work|fix)\b|\b(same|another) (problem|issue|error)\b|\bnot working\b|\bno luck\b/;

/** The customer says what they were told before has not solved it. */
export const saysUnresolved = (text: string): boolean => unresolvedPattern.test(text.toLowerCase());

const negativeWords =
  /\b(angry|furious|terrible|awful|worst|unacceptable|ridiculous|disappointed|frustrated|annoyed|useless|horrible|damaged|broken|never again|fed up)\b/g;
const positiveWords = /\b(thanks|thank you|great|love|awesome|perfect|happy|appreciate|excellent)\b/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How many times any of `terms` occurs in `lower` as whole words. */
function countTerms(lower: string, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  const pattern = new RegExp(`\\b(${terms.map((t) => escapeRegExp(t.toLowerCase())).join('|')})\\b`, 'g');
  return lower.match(pattern)?.length ?? 0;
}

export function sentimentOf(
  text: string,
  rules: Pick<TriageRules, 'negativeTerms' | 'positiveTerms'> = defaultTriageRules,
): 'negative' | 'neutral' | 'positive' {
  const lower = text.toLowerCase();
  const negative = (lower.match(negativeWords)?.length ?? 0) + countTerms(lower, rules.negativeTerms);
  const positive = (lower.match(positiveWords)?.length ?? 0) + countTerms(lower, rules.positiveTerms);
  if (negative > positive) return 'negative';
  if (positive > negative) return 'positive';
  return 'neutral';
}

const urgencyPatterns: Array<[string, RegExp]> = [
  ['urgent', /\b(urgent|asap|immediately|right now|emergency)\b/],
  ['legal', /\b(lawyer|legal action|sue|court|attorney)\b/],
  ['fraud', /\b(fraud|stolen|unauthori[sz]ed|scam|hacked)\b/],
  ['chargeback', /\b(chargeback|dispute (the|this) charge)\b/],
  ['safety', /\b(fire|smoke|burn(ed|t)?|injur(y|ed)|shock)\b/],
];

export function urgencySignalsIn(
  text: string,
  rules: Pick<TriageRules, 'urgencyTerms'> = defaultTriageRules,
): string[] {
  const lower = text.toLowerCase();
  const found = new Set(urgencyPatterns.filter(([, pattern]) => pattern.test(lower)).map(([name]) => name));
  for (const [name, terms] of Object.entries(rules.urgencyTerms))
    if (countTerms(lower, terms) > 0) found.add(name);
  return [...found];
}

/** Priority 1–10 from the intent, raised by negative sentiment, urgency, VIP tier and repeat contacts. */
export function priorityFor(
  input: {
    intent: Intent;
    sentiment: 'negative' | 'neutral' | 'positive';
    urgencySignals: string[];
    tier: 'standard' | 'vip';
    unresolvedFollowUp: boolean;
  },
  rules: TriageRules = defaultTriageRules,
): number {
  let priority = rules.basePriority[input.intent] ?? defaultBasePriority[input.intent];
  if (input.sentiment === 'negative') priority += rules.negativeBoost;
  priority += rules.urgencyBoost * Math.min(input.urgencySignals.length, 2);
  if (input.tier === 'vip') priority += rules.vipBoost;
  if (input.unresolvedFollowUp) priority += rules.followUpBoost;
  return Math.max(1, Math.min(10, priority));
}
