// The local reasoning engine: the tenant's trained intent classifier feeding its triage rules, extractive
// drafting and rule-based review — all offline and deterministic, and the router's last fallback.
import type {
  Classification,
  ClassifyInput,
  Draft,
  DraftInput,
  Intent,
  ReasoningContext,
  ReasoningEngine,
  Review,
  ReviewInput,
  SummariseInput,
  Summary,
} from '../port.js';
import { intents } from '../port.js';
import { draftReply } from './drafting.js';
import { withoutInjectedInstructions } from './injection.js';
import type { IntentClassifier } from './intent/classifier.js';
import { reviewDraft } from './review.js';
import { matchIntent, priorityFor, saysUnresolved, sentimentOf, urgencySignalsIn } from './signals.js';
import { summariseConversation } from './summary.js';
import { defaultTriageRules, type TriageRules } from './triage-rules.js';

const categoryOf: Record<Intent, string> = {
  password_reset: 'passwords',
  sign_in_problem: 'accounts',
  refund_request: 'refunds',
  damaged_item: 'returns',
  order_status: 'orders',
  cancel_order: 'orders',
  change_address: 'shipping',
  return_or_exchange: 'returns',
  billing: 'billing',
  shipping_info: 'shipping',
  account: 'accounts',
  product_question: 'products',
  human_request: 'handoff',
  greeting: 'conversation',
  thanks: 'conversation',
  other: 'unknown',
};

const isIntent = (label: string): label is Intent => (intents as readonly string[]).includes(label);

export interface LocalEngineOptions {
  /** The tenant's trained model; without one the engine falls back to its keyword patterns. */
  classifier?: IntentClassifier;
  rules?: TriageRules;
}

export class LocalReasoningEngine implements ReasoningEngine {
  readonly name = 'local';
  private readonly classifier: IntentClassifier | undefined;
  private readonly rules: TriageRules;

  constructor(options: LocalEngineOptions = {}) {
    this.classifier = options.classifier;
    this.rules = options.rules ?? defaultTriageRules;
  }

  /** The intent the text names and how sure the engine is; undefined when it recognises none. */
  private recognise(text: string): { intent: Intent; confidence: number } | undefined {
    if (!this.classifier) {
      const match = matchIntent(text);
      return match && { intent: match.intent, confidence: match.matches === 1 ? 0.9 : 0.8 };
    }
    const prediction = this.classifier.classify(text);
    if (!isIntent(prediction.label) || prediction.label === 'other') return undefined;
    if (prediction.confidence < this.rules.outOfScopeBelow) return undefined;
    return { intent: prediction.label, confidence: prediction.confidence };
  }

  classify(input: ClassifyInput, context?: ReasoningContext): Promise<Classification> {
    // Only what the customer asks counts: instruction-like parts cannot steer the intent.
    const recognised = this.recognise(withoutInjectedInstructions(input.text).request);
    const unresolvedFollowUp = input.previousIntent !== undefined && saysUnresolved(input.text);
    // "Still not working" names no topic of its own: it continues the previous turn's.
    const followsUp = unresolvedFollowUp && (!recognised || recognised.confidence < 0.8);
    const intent: Intent = followsUp ? input.previousIntent! : (recognised?.intent ?? 'other');
    const sentiment = sentimentOf(input.text, this.rules);
    const urgencySignals = urgencySignalsIn(input.text, this.rules);
    const confidence = followsUp ? 0.75 : (recognised?.confidence ?? 0.3);
    context?.record?.(localUsage('classify'));
    return Promise.resolve({
      intent,
      category: followsUp ? 'follow-up' : categoryOf[intent],
      priority: priorityFor(
        { intent, sentiment, urgencySignals, tier: input.customerTier, unresolvedFollowUp },
        this.rules,
      ),
      sentiment,
      language: 'en',
      urgencySignals,
      confidence,
      outOfScope: intent === 'other',
      unresolvedFollowUp,
    });
  }

  draft(input: DraftInput, context?: ReasoningContext): Promise<Draft> {
    context?.record?.(localUsage('draft'));
    // The reply answers the customer's request, never instructions pasted in for the assistant.
    const request = withoutInjectedInstructions(input.text).request.trim();
    const draft = draftReply({ ...input, text: request || input.text });
    context?.onReplyText?.(draft.reply);
    return Promise.resolve(draft);
  }

  review(input: ReviewInput, context?: ReasoningContext): Promise<Review> {
    context?.record?.(localUsage('review'));
    return Promise.resolve(reviewDraft(input));
  }

  summarise(input: SummariseInput, context?: ReasoningContext): Promise<Summary> {
    context?.record?.(localUsage('summarise'));
    return Promise.resolve(summariseConversation(input));
  }
}

const localUsage = (operation: 'classify' | 'draft' | 'review' | 'summarise') => ({
  model: 'local',
  operation,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  cached: false,
});
