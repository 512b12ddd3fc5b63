// The whole desk with model providers configured (embedded database, demo store), against the replay server
// this suite starts (replay-server.testkit.ts: OpenAI and Anthropic wire formats replaying recorded answers —
// no real model). Shows the per-agent routing, token and cost accounting stored with each decision and summed
// per request, agent and tenant, and that models that fail never fail the customer's request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../../testing/runtime.js';
import { ReplayModelServer } from '../../testing/replay-server.js';

const [embedded] = await runtimeTargets();

describe('the desk with model providers', () => {
  let server: ReplayModelServer;
  let location: TestLocation;
  let runtime: Runtime;
  beforeAll(async () => {
    server = await new ReplayModelServer().start();
    location = await embedded!.prepare();
    runtime = await openTestRuntime(location, {
      FRONTDESK_MODELS: 'triage=openai:cheap;solution=anthropic:strong,openai:cheap;quality=openai:cheap',
      OPENAI_BASE_URL: `${server.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: 'test-key',
      FRONTDESK_MODEL_PRICES: 'cheap=1/2,strong=3/15',
      FRONTDESK_MODEL_TIMEOUT_MS: '2000',
    });
  });
  const decisionsOf = async (threadId: string, requestId: string) =>
    (await runtime.stores.decisions.byConversation('demo', threadId, 'step')).filter(
      (d) => d.requestId === requestId,
    );
  afterAll(async () => {
    await runtime?.close();
    await location?.dispose();
    await server?.close();
  });

  it('routes each agent to its model and stores tokens and cost with every decision', async () => {
    server.enqueue('cheap', {
      text: '{"intent":"password_reset","category":"passwords","sentiment":"neutral","language":"en","urgencySignals":[],"confidence":0.97,"unresolvedFollowUp":false}',
      inputTokens: 500,
      outputTokens: 40,
    });
    server.enqueue('strong', {
      text: JSON.stringify({
        reply:
          'Hi Alice,\n\nTo reset your password, choose "Forgot password" on the sign-in page and follow the link we email you.',
        citations: ['reset-your-password'],
        confidence: 0.9,
      }),
      inputTokens: 2000,
      outputTokens: 100,
    });
    server.enqueue('cheap', {
      text: '{"pass":true,"reasons":["grounded in reset-your-password"],"groundingScore":1,"confidence":0.9}',
      inputTokens: 1200,
      outputTokens: 30,
    });
    const result = await runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });
    expect(result.status).toBe('delivered');
    expect(result.reply).toContain('Forgot password');
    // The usage is stored with each decision (DeskResult lists decisions without it).
    const stored = await decisionsOf(result.threadId, result.requestId);
    const usage = (agent: string) => stored.find((d) => d.agent === agent)?.usage;
    expect(usage('triage')).toMatchObject({ models: ['openai:cheap'], inputTokens: 500, outputTokens: 40 });
    expect(usage('solution')).toMatchObject({
      models: ['anthropic:strong'],
      costUsd: (2000 * 3 + 100 * 15) / 1e6,
    });
    expect(usage('quality')?.models).toEqual(['openai:cheap']);

    const perRequest = await runtime.stores.decisions.usageOfRequest('demo', result.requestId);
    expect(perRequest).toMatchObject({ inputTokens: 3700, outputTokens: 170 });
    expect(perRequest.costUsd).toBeCloseTo((500 + 40 * 2 + 6000 + 1500 + 1200 + 60) / 1e6, 9);
    const perAgent = await runtime.stores.decisions.usageByAgent('demo');
    expect(perAgent.triage).toMatchObject({ inputTokens: 500, outputTokens: 40 });
    expect((await runtime.stores.decisions.usageOfTenant('demo')).inputTokens).toBe(3700);
  });

  it('gives the drafting model the catalogue products a shopping question matched, with their prices', async () => {
    server.enqueue('cheap', {
      text: '{"intent":"product_question","category":"products","sentiment":"neutral","language":"en","urgencySignals":[],"confidence":0.95,"unresolvedFollowUp":false}',
      inputTokens: 400,
      outputTokens: 40,
    });
    server.enqueue('strong', {
      text: JSON.stringify({
        reply: 'Hi Alice,\n\nYes: the Steady Burr Coffee Grinder is $129.00.',
        citations: [],
        confidence: 0.9,
      }),
      inputTokens: 1500,
      outputTokens: 60,
    });
    server.enqueue('cheap', {
      text: '{"pass":true,"reasons":["price from the catalogue"],"groundingScore":1,"confidence":0.9}',
      inputTokens: 900,
      outputTokens: 20,
    });
    const before = server.received.length;
    const result = await runtime.desk.ask({
      customerId: 'cus_01',
      text: 'do you guys sell a coffee grinder?',
    });
    expect(result.status).toBe('delivered');
    expect(result.reply).toContain('$129.00');
    const drafting = server.received.slice(before).find((request) => request.body.model === 'strong');
    const prompt = JSON.stringify(drafting?.body.messages);
    expect(prompt).toContain('<data name=\\"products\\">');
    expect(prompt).toContain('Steady Burr Coffee Grinder');
    expect(prompt).toContain('$129.00');
  });

  it('answers with the local engine when every model fails, recording why', async () => {
    // Nothing queued: the replay server answers 404 "model does not exist", as a real provider would. (A new
    // text: the first test's classification is in the response cache.)
    const result = await runtime.desk.ask({ customerId: 'cus_01', text: 'I forgot my password, what now?' });
    expect(result.status).toBe('delivered');
    expect(result.reply).toContain('Hi Alice');
    const stored = await decisionsOf(result.threadId, result.requestId);
    const triage = stored.find((d) => d.agent === 'triage')!;
    expect(triage.usage?.models).toEqual(['local']);
    expect(triage.reasons).toContainEqual(
      expect.stringMatching(/classify fell back from openai:cheap: unknown model/),
    );
    const solution = stored.find((d) => d.agent === 'solution')!;
    expect(solution.usage?.fallbacks).toEqual([
      expect.stringMatching(/draft fell back from anthropic:strong/),
      expect.stringMatching(/draft fell back from openai:cheap/),
    ]);
  });
});
