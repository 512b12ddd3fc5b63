// The reasoning port answered by one chat model. The model reads and writes; the desk's own rules keep the
// last word: priority comes from the tenant's triage rules, refund actions and amounts only from the customer's
// records, citations only from retrieved articles, and the local review can only make a review stricter.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import { Money } from '../../domain/index.js';
import type { LocalReasoningEngine } from '../local/engine.js';
import { priorityFor, saysUnresolved, urgencySignalsIn } from '../local/signals.js';
import type { TriageRules } from '../local/triage-rules.js';
import { responseCacheKey, type ResponseCache } from '../cache/response-cache.js';
import {
  intents,
  summarySchema,
  type Classification,
  type ClassifyInput,
  type Draft,
  type DraftInput,
  type ModelUsage,
  type ProductFact,
  type ReasoningContext,
  type Review,
  type ReviewInput,
  type SummariseInput,
  type Summary,
} from '../port.js';
import { ChatCallError, type ChatCallOptions } from './chat-call.js';
import { quoted, renderPrompt, trusted, type RenderedPrompt } from './prompts.js';
import { costOf, specName, type ModelSpec, type PriceTable } from './routes.js';
import { askStructured, replyFieldStreamer, type StructuredAnswer } from './structured.js';
import { observeCacheLookup, observeModelUsage } from '../../observability/meter.js';
import { inSpan, SpanKind, type Span } from '../../observability/tracing.js';

const modelClassification = z.object({
  intent: z.enum(intents),
  category: z.string().max(40).default('general'),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  language: z.string().min(2).max(8).default('en'),
  urgencySignals: z.array(z.enum(['urgent', 'legal', 'fraud', 'chargeback', 'safety'])).default([]),
  confidence: z.number().min(0).max(1),
  unresolvedFollowUp: z.boolean().default(false),
});

/** A catalogue product as the model reads it: its price said the way the reply should say it. */
const productForPrompt = (product: ProductFact) => ({
  sku: product.sku,
  name: product.name,
  price: Money.of(product.priceMinor, product.currency).format(),
  description: product.description,
});

const modelDraft = z.object({
  reply: z.string().min(1).max(4000),
  citations: z.array(z.string()).default([]),
  confidence: z.number().min(0).max(1),
});

const modelReview = z.object({
  pass: z.boolean(),
  reasons: z.array(z.string()).default([]),
  groundingScore: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
});

/** Personal data a message may carry; a classify prompt containing any is never cached. */
const personalData = /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s().-]{6,}\d|\bord_\w+|\bcus_\w+/i;

export interface ModelEngineDeps {
  spec: ModelSpec;
  chat: BaseChatModel;
  local: LocalReasoningEngine;
  rules: TriageRules;
  prices: PriceTable;
  call: Omit<ChatCallOptions, 'onText'>;
  cache?: { store: ResponseCache; ttlMs: number };
}

/** Tokens and cost on a model call's span (cost has no GenAI convention name yet: ours is namespaced). */
function spanUsage(span: Span, usage: ModelUsage): void {
  span.setAttributes({
    'gen_ai.usage.input_tokens': usage.inputTokens,
    'gen_ai.usage.output_tokens': usage.outputTokens,
    'frontdesk.model.cost_usd': usage.costUsd,
  });
}

export class ModelReasoningEngine {
  readonly name: string;

  constructor(private readonly deps: ModelEngineDeps) {
    this.name = specName(deps.spec);
  }

  private usage(
    operation: ModelUsage['operation'],
    answer: Pick<StructuredAnswer<unknown>, 'inputTokens' | 'outputTokens'>,
    cached = false,
  ): ModelUsage {
    return {
      model: this.name,
      operation,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costUsd: costOf(this.deps.prices, this.deps.spec.model, answer.inputTokens, answer.outputTokens),
      cached,
    };
  }

  /** Asks the model; on failure the error carries the usage spent, so the router can account for it. */
  private async ask<S extends z.ZodType>(
    operation: ModelUsage['operation'],
    prompt: RenderedPrompt,
    schema: S,
    context: ReasoningContext | undefined,
    onText?: (chunk: string) => void,
  ): Promise<z.infer<S>> {
    // One span per model call, with the GenAI semantic conventions' names for model, tokens and outcome.
    const { provider, model } = this.deps.spec;
    return inSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': provider,
          'gen_ai.request.model': model,
          'frontdesk.model.operation': operation,
          ...(context?.agent ? { 'frontdesk.agent': context.agent } : {}),
        },
      },
      (span) => this.askOnce(operation, prompt, schema, context, span, onText),
    );
  }

  private async askOnce<S extends z.ZodType>(
    operation: ModelUsage['operation'],
    prompt: RenderedPrompt,
    schema: S,
    context: ReasoningContext | undefined,
    span: Span,
    onText?: (chunk: string) => void,
  ): Promise<z.infer<S>> {
    try {
      const answer = await askStructured(this.deps.chat, prompt, schema, {
        ...this.deps.call,
        ...(onText ? { onText } : {}),
      });
      const usage = this.usage(operation, answer);
      observeModelUsage(usage);
      spanUsage(span, usage);
      context?.record?.({ ...usage, ...(answer.notes.length > 0 ? { notes: answer.notes } : {}) });
      return answer.value;
    } catch (error) {
      const spent = error instanceof ChatCallError ? error.spent : { inputTokens: 0, outputTokens: 0 };
      const usage = this.usage(operation, spent);
      observeModelUsage(usage, true);
      spanUsage(span, usage);
      throw new ModelFailure(usage, error instanceof ChatCallError ? error.reason : (error as Error).message);
    }
  }

  async classify(input: ClassifyInput, context?: ReasoningContext): Promise<Classification> {
    const prompt = renderPrompt('classify', {
      intents: trusted(intents.map((intent) => `"${intent}"`).join(', ')),
      previous: trusted(
        input.previousIntent
          ? `The previous message on this thread was about: ${input.previousIntent}\n`
          : '',
      ),
      text: quoted(input.text),
    });
    const cacheable = this.deps.cache && !personalData.test(input.text);
    const key = cacheable
      ? responseCacheKey(this.name, prompt.id, `${prompt.system}\n${prompt.user}`)
      : undefined;
    let answer: z.infer<typeof modelClassification> | undefined;
    if (key) {
      const hit = await this.deps.cache!.store.get(key).catch(() => undefined);
      const parsed = hit === undefined ? undefined : modelClassification.safeParse(JSON.parse(hit));
      observeCacheLookup(parsed?.success === true);
      if (parsed?.success) {
        answer = parsed.data;
        const usage = this.usage('classify', { inputTokens: 0, outputTokens: 0 }, true);
        observeModelUsage(usage);
        context?.record?.(usage);
      }
    }
    if (!answer) {
      answer = await this.ask('classify', prompt, modelClassification, context);
      if (key)
        await this.deps
          .cache!.store.set(key, JSON.stringify(answer), this.deps.cache!.ttlMs)
          .catch(() => undefined);
    }
    const { rules } = this.deps;
    // Urgency the rules see in the text stands whatever the model says: quoted text cannot talk it away.
    const urgencySignals = [...new Set([...answer.urgencySignals, ...urgencySignalsIn(input.text, rules)])];
    const unresolvedFollowUp =
      input.previousIntent !== undefined && (answer.unresolvedFollowUp || saysUnresolved(input.text));
    const inScope = answer.intent !== 'other' && answer.confidence >= rules.outOfScopeBelow;
    const intent = unresolvedFollowUp && !inScope ? input.previousIntent! : inScope ? answer.intent : 'other';
    return {
      intent,
      category: answer.category,
      priority: priorityFor(
        { intent, sentiment: answer.sentiment, urgencySignals, tier: input.customerTier, unresolvedFollowUp },
        rules,
      ),
      sentiment: answer.sentiment,
      language: answer.language,
      urgencySignals,
      confidence: answer.confidence,
      outOfScope: intent === 'other',
      unresolvedFollowUp,
    };
  }

  async draft(input: DraftInput, context?: ReasoningContext): Promise<Draft> {
    // A person's guidance is sent as written; the deterministic draft decides any action and its amount.
    const grounded = await this.deps.local.draft(input);
    if (grounded.producedBy === 'person') {
      context?.onReplyText?.(grounded.reply);
      return grounded;
    }
    const prompt = renderPrompt('draft', {
      intent: trusted(input.intent),
      name: quoted(input.customer.name.split(/\s+/)[0] ?? input.customer.name),
      action: quoted(grounded.action ?? null),
      feedback: quoted(input.feedback ?? null),
      articles: quoted(input.articles.map((a) => ({ id: a.id, title: a.title, body: a.body }))),
      orders: quoted(input.orders),
      products: quoted(input.products ? input.products.map(productForPrompt) : null),
      text: quoted(input.text),
    });
    const onText = context?.onReplyText ? replyFieldStreamer(context.onReplyText) : undefined;
    const answer = await this.ask('draft', prompt, modelDraft, context, onText);
    const retrieved = new Set(input.articles.map((article) => article.id));
    // The catalogue products the reply names are its sources too, as they are for the local draft.
    const named = (input.products ?? []).filter((product) => answer.reply.includes(product.name));
    return {
      reply: answer.reply,
      citations: answer.citations.filter((id) => retrieved.has(id)),
      ...(named.length > 0 ? { grounds: named.map((product) => `product:${product.sku}`) } : {}),
      ...(grounded.action ? { action: grounded.action } : {}),
      confidence: answer.confidence,
      producedBy: this.name,
    };
  }

  async review(input: ReviewInput, context?: ReasoningContext): Promise<Review> {
    const local = await this.deps.local.review(input);
    const prompt = renderPrompt('review', {
      draft: quoted(input.draft.reply),
      articles: quoted(input.articles.map((a) => ({ id: a.id, title: a.title, body: a.body }))),
      orders: quoted(input.orders),
      products: quoted((input.products ?? []).map(productForPrompt)),
    });
    const answer = await this.ask('review', prompt, modelReview, context);
    const pass = local.pass && answer.pass;
    return {
      pass,
      reasons: [
        ...(local.pass ? [] : local.reasons),
        ...answer.reasons.map((reason) => `${this.name}: ${reason}`),
      ],
      groundingScore: Math.min(local.groundingScore, answer.groundingScore),
      confidence: Math.min(local.confidence, answer.confidence),
    };
  }

  async summarise(input: SummariseInput, context?: ReasoningContext): Promise<Summary> {
    const prompt = renderPrompt('summarise', {
      outcome: quoted(input.outcome),
      conversation: quoted(input.messages),
    });
    return this.ask('summarise', prompt, summarySchema, context);
  }
}

/** A model that did not answer, with what it spent and why. */
export class ModelFailure extends Error {
  constructor(
    readonly usage: ModelUsage,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ModelFailure';
  }
}
