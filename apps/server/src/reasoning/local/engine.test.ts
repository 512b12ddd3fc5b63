// The local engine end to end: the classifier trained on the demo store's examples, feeding the tenant's
// triage rules, then drafting and review — offline, deterministic.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelUsage } from '../port.js';
import { LocalReasoningEngine } from './engine.js';
import { IntentClassifier } from './intent/classifier.js';
import { demoTrainingExamples } from './intent/demo-examples.js';
import { triageRulesSchema } from './triage-rules.js';

let classifier: IntentClassifier;
beforeAll(() => {
  classifier = IntentClassifier.train(demoTrainingExamples());
});

const classify = (text: string, extra: { previousIntent?: 'sign_in_problem'; rules?: unknown } = {}) =>
  new LocalReasoningEngine({
    classifier,
    ...(extra.rules ? { rules: triageRulesSchema.parse(extra.rules) } : {}),
  }).classify({
    text,
    customerTier: 'standard',
    ...(extra.previousIntent ? { previousIntent: extra.previousIntent } : {}),
  });

describe('local engine: triage with the trained classifier', () => {
  it.each([
    ["I can't log in", 'sign_in_problem'],
    ['I cannot sign in to the app', 'sign_in_problem'],
    ['login keeps failing on my laptop', 'sign_in_problem'],
    ['How do I reset my password?', 'password_reset'],
    ['I forgot my password again', 'password_reset'],
    ['I need a refund for my damaged order', 'refund_request'],
    ['where is my parcel?', 'order_status'],
    ['please cancel the order I placed', 'cancel_order'],
    ['Hello', 'greeting'],
  ])('recognises "%s" as %s, in scope and confident', async (text, intent) => {
    const result = await classify(text);
    expect(result.intent).toBe(intent);
    expect(result.outOfScope).toBe(false);
    expect(result.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it.each(['What is the best pizza topping in Naples?', 'zxq vbnm plork', 'Write a haiku about the sea'])(
    'flags "%s" as out of scope with low confidence',
    async (text) => {
      const result = await classify(text);
      expect(result).toMatchObject({ intent: 'other', outOfScope: true });
      expect(result.confidence).toBeLessThan(0.6);
    },
  );

  it('carries the previous topic into "Still not working" and marks it unresolved', async () => {
    const result = await classify('Still not working', { previousIntent: 'sign_in_problem' });
    expect(result).toMatchObject({ intent: 'sign_in_problem', unresolvedFollowUp: true, outOfScope: false });
    expect(result.priority).toBe(6);
  });

  it("applies the tenant's rules to the classifier's output", async () => {
    const base = await classify('where is my parcel?');
    expect(base.priority).toBe(4);
    const tuned = await classify('where is my parcel? the party is tomorrow', {
      rules: { basePriority: { order_status: 7 }, urgencyTerms: { deadline: ['tomorrow'] } },
    });
    expect(tuned.urgencySignals).toEqual(['deadline']);
    expect(tuned.priority).toBe(9);
    const strict = await classify('where is my parcel?', { rules: { outOfScopeBelow: 0.999999 } });
    expect(strict).toMatchObject({ intent: 'other', outOfScope: true });
  });

  it('rejects rules with unknown fields or intents', () => {
    expect(() => triageRulesSchema.parse({ basePriority: { teleport: 3 } })).toThrow();
    expect(() => triageRulesSchema.parse({ vipBoots: 1 })).toThrow();
  });
});

describe('local engine: drafting and review', () => {
  const engine = () => new LocalReasoningEngine({ classifier });
  const article = {
    id: 'reset-password',
    title: 'Reset your password',
    body: '## Reset your password\n\n1. Open the sign-in page.\n2. Choose "Forgot password".\n3. Follow the link we email you.',
    score: 1,
  };

  it('drafts from the article, keeps steps as steps, cites it, passes review and accounts the calls', async () => {
    const calls: ModelUsage[] = [];
    const streamed: string[] = [];
    const context = {
      tenantId: 't',
      agent: 'solution',
      record: (usage: ModelUsage) => calls.push(usage),
      onReplyText: (chunk: string) => streamed.push(chunk),
    };
    const draft = await engine().draft(
      {
        text: 'How do I reset my password?',
        intent: 'password_reset',
        customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' },
        articles: [article],
        orders: [],
        pastConversations: [],
        revision: 1,
      },
      context,
    );
    expect(draft.reply).toContain('Hi Ana');
    expect(draft.reply).toContain('2. Choose "Forgot password".');
    expect(draft.citations).toEqual(['reset-password']);
    expect(streamed.join('')).toBe(draft.reply);
    const review = await engine().review(
      {
        draft,
        articles: [article],
        orders: [],
        customer: { id: 'cus_01', name: 'Ana', email: 'a@x.io', tier: 'standard' },
      },
      context,
    );
    expect(review.pass).toBe(true);
    expect(calls.map((call) => [call.model, call.operation, call.costUsd])).toEqual([
      ['local', 'draft', 0],
      ['local', 'review', 0],
    ]);
  });

  it("fails review for a draft that leaks another customer's email or invents an order", async () => {
    const review = await engine().review({
      draft: {
        reply: 'Order ord_9999 belongs to bob@example.com',
        citations: ['reset-password'],
        confidence: 0.9,
        producedBy: 'model',
      },
      articles: [article],
      orders: [],
      customer: { id: 'cus_01', name: 'Ana', email: 'a@x.io', tier: 'standard' },
    });
    expect(review.pass).toBe(false);
    expect(review.reasons.join(' ')).toMatch(/ord_9999.*personal data|personal data/s);
  });
});
