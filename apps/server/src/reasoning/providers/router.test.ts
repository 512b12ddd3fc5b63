// The model providers against a local HTTP server this suite starts (replay-server.testkit.ts): it speaks the
// OpenAI chat-completions and Anthropic messages wire formats, JSON and streaming, and replays recorded answers
// queued by each test — no real model is called. LangChain.js's real clients talk to it over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { MemoryResponseCache } from '../cache/response-cache.js';
import { LocalReasoningEngine } from '../local/engine.js';
import { IntentClassifier } from '../local/intent/classifier.js';
import { demoTrainingExamples } from '../local/intent/demo-examples.js';
import { defaultTriageRules } from '../local/triage-rules.js';
import type { DraftInput, ModelUsage, ReasoningContext } from '../port.js';
import { ReplayModelServer } from '../../testing/replay-server.js';
import { parseModelRoutes, parsePrices } from './routes.js';
import { createReasoning } from './setup.js';

let server: ReplayModelServer;
let local: LocalReasoningEngine;
beforeAll(async () => {
  server = await new ReplayModelServer().start();
  local = new LocalReasoningEngine({ classifier: IntentClassifier.train(demoTrainingExamples()) });
});
afterAll(async () => server?.close());

function router(models: string, options: { timeoutMs?: number; openaiUrl?: string } = {}) {
  return createReasoning({
    models: {
      routes: parseModelRoutes(models),
      openai: { apiKey: 'test-key', baseUrl: options.openaiUrl ?? `${server.url}/v1` },
      anthropic: { apiKey: 'test-key', baseUrl: server.url },
      timeoutMs: options.timeoutMs ?? 5_000,
      prices: parsePrices('cheap=1/2,strong=3/15'),
      cacheTtlSeconds: 60,
    },
    local,
    rules: defaultTriageRules,
    cache: new MemoryResponseCache(),
    logger: createLogger('silent'),
    breaker: { failureThreshold: 2, coolDownMs: 60_000 },
    backoffMs: 20,
  });
}

function context(agent: string, extra: Partial<ReasoningContext> = {}) {
  const calls: ModelUsage[] = [];
  return {
    calls,
    context: {
      tenantId: 't1',
      requestId: 'req_1',
      agent,
      record: (u: ModelUsage) => calls.push(u),
      ...extra,
    },
  };
}

const classification = (intent: string, confidence = 0.93) =>
  JSON.stringify({
    intent,
    category: 'accounts',
    sentiment: 'neutral',
    language: 'en',
    urgencySignals: [],
    confidence,
    unresolvedFollowUp: false,
  });

const draftInput: DraftInput = {
  text: 'How do I reset my password?',
  intent: 'password_reset',
  customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' },
  articles: [
    {
      id: 'reset-password',
      title: 'Reset your password',
      body: '1. Open sign in.\n2. Choose "Forgot password".',
      score: 1,
    },
  ],
  orders: [],
  pastConversations: [],
  revision: 1,
};
const draftAnswer = JSON.stringify({
  reply: 'Hi Ana,\n\n1. Open sign in.\n2. Choose "Forgot password".',
  citations: ['reset-password', 'made-up-article'],
  confidence: 0.88,
});

describe('model providers behind the router', () => {
  it('classifies with an OpenAI-compatible model, validated, priced and with the text quoted as data', async () => {
    server.enqueue('cheap', { text: classification('sign_in_problem'), inputTokens: 400, outputTokens: 50 });
    const { calls, context: ctx } = context('triage');
    const result = await router('triage=openai:cheap').classify(
      { text: "I can't sign in", customerTier: 'standard' },
      ctx,
    );
    expect(result).toMatchObject({
      intent: 'sign_in_problem',
      confidence: 0.93,
      priority: 4,
      outOfScope: false,
    });
    expect(calls).toEqual([
      {
        model: 'openai:cheap',
        operation: 'classify',
        inputTokens: 400,
        outputTokens: 50,
        costUsd: (400 * 1 + 50 * 2) / 1e6,
        cached: false,
      },
    ]);
    const sent = server.received.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body.messages?.[0]?.role).toBe('system');
    expect(String(sent.body.messages?.[1]?.content)).toContain(
      '<data name="customer_message">\n"I can\'t sign in"\n</data>',
    );
  });

  it('drafts with Anthropic, streaming the reply text as it arrives, keeping only retrieved citations', async () => {
    server.enqueue('strong', { text: draftAnswer, inputTokens: 900, outputTokens: 120 });
    const streamed: string[] = [];
    const { calls, context: ctx } = context('solution', { onReplyText: (chunk) => streamed.push(chunk) });
    const draft = await router('solution=anthropic:strong').draft(draftInput, ctx);
    expect(server.received.at(-1)).toMatchObject({ path: '/v1/messages', body: { stream: true } });
    expect(draft).toMatchObject({
      producedBy: 'anthropic:strong',
      citations: ['reset-password'],
      confidence: 0.88,
    });
    expect(streamed.length).toBeGreaterThan(3);
    expect(streamed.join('')).toBe(draft.reply);
    expect(calls[0]).toMatchObject({
      inputTokens: 900,
      outputTokens: 120,
      costUsd: (900 * 3 + 120 * 15) / 1e6,
    });
  });

  it('streams from an OpenAI-compatible endpoint (server-sent events) with token usage', async () => {
    server.enqueue('cheap', { text: draftAnswer, inputTokens: 700, outputTokens: 90 });
    const streamed: string[] = [];
    const { calls, context: ctx } = context('solution', { onReplyText: (chunk) => streamed.push(chunk) });
    const draft = await router('openai:cheap').draft(draftInput, ctx);
    expect(server.received.at(-1)?.body.stream).toBe(true);
    expect(streamed.join('')).toBe(draft.reply);
    expect(calls[0]).toMatchObject({ model: 'openai:cheap', inputTokens: 700, outputTokens: 90 });
  });

  it('sends a malformed answer back with the validation error, and accepts the corrected one', async () => {
    server.enqueue(
      'cheap',
      { text: 'Sure! The intent is sign in.', inputTokens: 300, outputTokens: 10 },
      { text: classification('sign_in_problem'), inputTokens: 350, outputTokens: 40 },
    );
    const { calls, context: ctx } = context('triage');
    const result = await router('openai:cheap').classify(
      { text: 'login broken', customerTier: 'standard' },
      ctx,
    );
    expect(result.intent).toBe('sign_in_problem');
    expect(calls[0]).toMatchObject({
      inputTokens: 650,
      outputTokens: 50,
      notes: [expect.stringMatching(/retried after invalid output \(not JSON/)],
    });
    const retry = server.received.at(-1)!.body.messages!;
    expect(String(retry.at(-1)?.content)).toMatch(/not valid: not JSON/);
  });

  it('falls back to the next provider after a second invalid answer, recording why and what it cost', async () => {
    server.enqueue('cheap', { text: '{"intent":"teleport"}' }, { text: '{"intent":"teleport"}' });
    server.enqueue('strong', { text: classification('order_status') });
    const { calls, context: ctx } = context('triage');
    const result = await router('triage=openai:cheap,anthropic:strong').classify(
      { text: 'where is my parcel', customerTier: 'standard' },
      ctx,
    );
    expect(result.intent).toBe('order_status');
    expect(calls.map((c) => [c.model, c.failure])).toEqual([
      ['openai:cheap', expect.stringMatching(/invalid structured output after a retry \(intent: /)],
      ['anthropic:strong', undefined],
    ]);
    expect(calls[0]!.inputTokens).toBe(200);
  });

  it('gives up on a slow model at the timeout and answers with the local engine', async () => {
    server.enqueue('cheap', { text: classification('billing'), delayMs: 1_500 });
    const { calls, context: ctx } = context('triage');
    const started = Date.now();
    const result = await router('openai:cheap', { timeoutMs: 300 }).classify(
      { text: "I can't log in", customerTier: 'standard' },
      ctx,
    );
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(result.intent).toBe('sign_in_problem');
    expect(calls.map((c) => [c.model, c.failure])).toEqual([
      ['openai:cheap', 'timed out after 300 ms'],
      ['local', undefined],
    ]);
  });

  it('backs off on 429 (honouring Retry-After) and then succeeds', async () => {
    server.enqueue(
      'cheap',
      { status: 429, headers: { 'retry-after': '0.05' } },
      { status: 429 },
      { text: classification('billing') },
    );
    const { calls, context: ctx } = context('triage');
    const result = await router('openai:cheap').classify(
      { text: 'I was charged twice', customerTier: 'standard' },
      ctx,
    );
    expect(result.intent).toBe('billing');
    expect(calls[0]?.notes).toEqual(['waited out 2 rate limit(s)']);
    expect(server.pending('cheap')).toBe(0);
  });

  it('never fails the request for an unknown model, a server error or an endpoint that is down', async () => {
    server.enqueue('strong', { status: 500 });
    const { calls, context: ctx } = context('triage');
    const result = await router('triage=openai:no-such-model,anthropic:strong').classify(
      { text: "I can't log in", customerTier: 'standard' },
      ctx,
    );
    expect(result.intent).toBe('sign_in_problem');
    expect(calls.map((c) => c.failure)).toEqual([
      expect.stringMatching(/unknown model/),
      expect.stringMatching(/HTTP 500/),
      undefined,
    ]);

    const down = context('triage');
    const viaDown = await router('openai:cheap', { openaiUrl: 'http://127.0.0.1:9/v1' }).classify(
      { text: 'hello', customerTier: 'standard' },
      down.context,
    );
    expect(viaDown.intent).toBe('greeting');
    expect(down.calls[0]?.failure).toMatch(/unreachable|Connection error/i);
  });

  it('opens the circuit after repeated failures and stops calling the model', async () => {
    const shared = router('openai:flaky');
    for (let i = 0; i < 2; i++)
      await shared.classify({ text: 'hello', customerTier: 'standard' }, context('triage').context);
    const before = server.received.length;
    const { calls, context: ctx } = context('triage');
    await shared.classify({ text: 'hello', customerTier: 'standard' }, ctx);
    expect(server.received.length).toBe(before);
    expect(calls[0]?.failure).toBe('circuit open after repeated failures');
  });

  it('caches classifications by model and prompt, but never one whose text holds personal data', async () => {
    const shared = router('openai:cheap');
    server.enqueue(
      'cheap',
      { text: classification('shipping_info') },
      { text: classification('order_status') },
      { text: classification('order_status') },
    );
    const first = context('triage');
    await shared.classify({ text: 'Do you ship to Norway?', customerTier: 'standard' }, first.context);
    const second = context('triage');
    const again = await shared.classify(
      { text: 'Do you ship to Norway?', customerTier: 'standard' },
      second.context,
    );
    expect(again.intent).toBe('shipping_info');
    expect(second.calls[0]).toMatchObject({ cached: true, inputTokens: 0, costUsd: 0 });
    const personal = 'Where is ord_1002? Email me at ana@example.com';
    await shared.classify({ text: personal, customerTier: 'standard' }, context('triage').context);
    const repeat = context('triage');
    await shared.classify({ text: personal, customerTier: 'standard' }, repeat.context);
    expect(repeat.calls[0]?.cached).toBe(false);
    expect(server.pending('cheap')).toBe(0);
  });

  it('lets a model word a reply but never propose a refund, its amount or its order', async () => {
    server.enqueue('strong', {
      text: JSON.stringify({
        reply: 'Hi Ana, we will refund $5,000.00 today.',
        citations: [],
        confidence: 0.9,
      }),
    });
    const draft = await router('anthropic:strong').draft({
      ...draftInput,
      text: 'I need a refund for my damaged order',
      intent: 'refund_request',
      articles: [],
      orders: [
        {
          id: 'ord_1001',
          status: 'delivered',
          totalMinor: 74_900,
          refundedMinor: 0,
          currency: 'USD',
          placedAt: '2026-01-01',
          items: ['Espresso machine'],
        },
      ],
    });
    // Money is only ever stated by the desk for an item the customer named, and moves on their yes: a draft
    // carries no refund, whatever the model wrote.
    expect(draft.action).toBeUndefined();
    const review = await router('review=openai:cheap').review({
      draft,
      articles: [],
      orders: [],
      customer: { id: 'cus_01', name: 'Ana', email: 'a@x.io', tier: 'standard' },
    });
    // No model was queued for the review: the local review answers and rejects the ungrounded amount.
    expect(review.pass).toBe(false);
    expect(review.reasons.join(' ')).toMatch(/\$5,000\.00/);
  });
});
