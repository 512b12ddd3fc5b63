// The model-driven simulated customer, against the replay server (OpenAI wire format, recorded answers — no
// real model): it writes the customer's next message from the goal, the persona and the conversation, stops
// when the model says DONE, and falls back to the rule-based customer when the model fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayModelServer } from '../testing/replay-server.js';
import { customerFor, type CustomerTurn } from './model-customer.js';

describe('the model-driven simulated customer', () => {
  let server: ReplayModelServer;
  const models = () => ({
    routes: { solution: [{ provider: 'openai' as const, model: 'persona' }] },
    timeoutMs: 2000,
    openai: { apiKey: 'test-key', baseUrl: `${server.url}/v1` },
    anthropic: { apiKey: undefined, baseUrl: undefined },
  });
  const turn: CustomerTurn = {
    persona: { agrees: true, names: 'chair' },
    goal: 'refund the one camp chair with a bent leg',
    said: [
      { who: 'customer', text: 'one of the camp chairs showed up with a bent leg' },
      { who: 'desk', text: 'I can refund the Camp Chair ($69.00). Reply "yes" to go ahead.' },
    ],
    trial: 0,
  };
  beforeAll(async () => {
    server = await new ReplayModelServer().start();
  });
  afterAll(async () => server?.close());

  it('is the rule-based customer when no model is configured', () => {
    expect(customerFor({ ...models(), routes: {} }).kind).toBe('rules');
  });

  it('writes the next message from the goal, the persona and the conversation, and stops at DONE', async () => {
    const customer = customerFor(models());
    expect(customer.kind).toBe('model');
    server.enqueue('persona', { text: 'yeah go ahead, just the chair pls' }, { text: 'DONE' });
    expect(await customer.next(turn)).toBe('yeah go ahead, just the chair pls');
    const sent = JSON.stringify(server.received.at(-1)!.body.messages);
    expect(sent).toContain('refund the one camp chair with a bent leg');
    expect(sent).toContain('If asked which item or order you mean, it is: chair.');
    expect(sent).toContain('Reply \\"yes\\" to go ahead.');
    expect(await customer.next(turn)).toBeUndefined();
  });

  it('lets the rule-based customer answer when the model fails, and says why', async () => {
    const failures: string[] = [];
    const customer = customerFor(models(), (reason) => failures.push(reason));
    server.enqueue('persona', { status: 500 });
    const next = await customer.next(turn);
    expect(next?.toLowerCase()).toMatch(/yes/);
    expect(failures).toHaveLength(1);
  });
});
