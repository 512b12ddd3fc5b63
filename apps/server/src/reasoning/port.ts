// The reasoning port: every agent thinks through these typed operations. The local engine answers them
// offline; model providers (the reasoning issue) answer the same shapes, validated with zod.
import { z } from 'zod';
import type { ProductRecord } from '../store/index.js';

export const intents = [
  'password_reset',
  'sign_in_problem',
  'refund_request',
  'damaged_item',
  'order_status',
  'cancel_order',
  'change_address',
  'return_or_exchange',
  'billing',
  'shipping_info',
  'account',
  'product_question',
  'human_request',
  'greeting',
  'thanks',
  'other',
] as const;
export type Intent = (typeof intents)[number];

export const classificationSchema = z.object({
  intent: z.enum(intents),
  category: z.string(),
  priority: z.number().int().min(1).max(10),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  language: z.string(),
  urgencySignals: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  outOfScope: z.boolean(),
  /** The customer says an earlier answer on this thread did not solve their problem. */
  unresolvedFollowUp: z.boolean(),
});
export type Classification = z.infer<typeof classificationSchema>;

export interface ClassifyInput {
  text: string;
  /** The intent of the previous turn on the same thread, if any. */
  previousIntent?: Intent;
  customerTier: 'standard' | 'vip';
}

export interface SourceArticle {
  id: string;
  title: string;
  body: string;
  score: number;
}

export interface OrderFact {
  id: string;
  status: string;
  totalMinor: number;
  refundedMinor: number;
  currency: string;
  placedAt: string;
  items: string[];
}

/** A catalogue product research found for a product question (its price is a grounded amount): the stored record. */
export type ProductFact = ProductRecord;

export const proposedActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('refund'),
    id: z.string(),
    orderId: z.string(),
    amountMinor: z.number().int().positive(),
    currency: z.string().length(3),
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('create_ticket'),
    id: z.string(),
    subject: z.string().min(1),
    body: z.string().min(1),
    priority: z.number().int().min(1).max(10),
  }),
]);
export type ProposedAction = z.infer<typeof proposedActionSchema>;

export interface DraftInput {
  text: string;
  intent: Intent;
  customer: { id: string; name: string; tier: 'standard' | 'vip' };
  articles: SourceArticle[];
  orders: OrderFact[];
  pastConversations: string[];
  /**
   * For a product question: what the catalogue search found, best first. Present (possibly empty) only
   * when the catalogue was searched; empty means nothing the desk sells fits.
   */
  products?: ProductFact[];
  /** Feedback from a person who rejected the previous draft. */
  feedback?: string;
  /** Guidance a person wrote when they took the decision (used as an authoritative source). */
  humanGuidance?: string;
  /** A person who held the conversation handed it back with this summary: the next answer builds on it. */
  handBack?: { person: string; summary: string };
  revision: number;
}

export const draftSchema = z.object({
  reply: z.string().min(1),
  citations: z.array(z.string()),
  /**
   * The customer's own records the reply quotes besides help articles: `order:ID` and `product:SKU`.
   * Review checks them like citations; they are not articles (approval sources list citations only).
   */
  grounds: z.array(z.string()).optional(),
  action: proposedActionSchema.optional(),
  confidence: z.number().min(0).max(1),
  /** How the draft was produced, e.g. 'extractive' or a model name. */
  producedBy: z.string(),
});
export type Draft = z.infer<typeof draftSchema>;

export interface ReviewInput {
  draft: Draft;
  articles: SourceArticle[];
  orders: OrderFact[];
  /** Catalogue products the draft may quote (names and prices), cited as `product:SKU`. */
  products?: ProductFact[];
  customer: { id: string; name: string; email: string; tier: 'standard' | 'vip' };
  /** Changes the action desk stated in the reply, from the customer's records (their amounts are grounded). */
  statements?: string[];
}

export const reviewSchema = z.object({
  pass: z.boolean(),
  reasons: z.array(z.string()),
  groundingScore: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
});
export type Review = z.infer<typeof reviewSchema>;

export interface SummariseInput {
  customer: { id: string; name: string };
  messages: Array<{ role: 'customer' | 'agent' | 'human'; text: string }>;
  outcome: string;
}

export const summarySchema = z.object({
  summary: z.string().min(1),
  topics: z.array(z.string()),
  /** What resolved the conversation, when something did (a reply, a refund, a ticket). */
  resolution: z.string().optional(),
});
export type Summary = z.infer<typeof summarySchema>;

/** What one model call cost and who answered; a fallback names the model that failed and why. */
export interface ModelUsage {
  /** `provider:model`, or `local` for the local engine. */
  model: string;
  operation: 'classify' | 'draft' | 'review' | 'summarise';
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The answer came from the response cache (no tokens spent). */
  cached: boolean;
  /** Set when this model did not give the answer: why the router moved on. */
  failure?: string;
  /** What happened on the way to an answer (a retry after invalid output, a rate limit waited out). */
  notes?: string[];
}

/**
 * Who is asking and where the accounting goes. Optional everywhere: without it a call is answered the same,
 * only unaccounted (and the router uses its default models).
 */
export interface ReasoningContext {
  tenantId: string;
  requestId?: string;
  /** The agent asking: the router picks that agent's models. */
  agent: string;
  /** Receives one entry per model tried (answers, fallbacks and cache hits). */
  record?: (usage: ModelUsage) => void;
  /**
   * Receives reply text as a streaming provider produces it (draft only). Provisional: when a model fails
   * mid-stream the fallback's whole reply follows; the returned draft is what the customer is sent.
   */
  onReplyText?: (chunk: string) => void;
}

/** The operations agents call. Implementations never throw for ordinary input; they degrade instead. */
export interface ReasoningEngine {
  readonly name: string;
  classify(input: ClassifyInput, context?: ReasoningContext): Promise<Classification>;
  draft(input: DraftInput, context?: ReasoningContext): Promise<Draft>;
  review(input: ReviewInput, context?: ReasoningContext): Promise<Review>;
  /** Summarises a finished conversation for long-term memory. */
  summarise(input: SummariseInput, context?: ReasoningContext): Promise<Summary>;
}
