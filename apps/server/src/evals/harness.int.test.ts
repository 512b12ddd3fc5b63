// A few scenarios of the built-in suite through a real desk (embedded store, demo data), plus a scenario
// that crashes: it fails on its own and the run goes on.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayModelServer } from '../testing/replay-server.js';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { customerFor } from './model-customer.js';
import { demoCatalogue, loadSuite } from './suite.js';
import { parseScenarios } from './load.js';
import { summarise, outcomeOf } from './report.js';
import { runScenario, type EvaluationTarget } from './run.js';

const suiteFolder = fileURLToPath(new URL('../../../../evals/', import.meta.url));
const picked = ['conversation-thanks', 'handoff-asks-for-human', 'ambiguity-gibberish-keys'];

const [embedded] = await runtimeTargets();

describe('scenario harness on a real desk', () => {
  let t: TestRuntime;
  let target: EvaluationTarget;
  beforeAll(async () => {
    t = await startTestRuntime(embedded!);
    target = {
      desk: t.runtime.desk,
      tasks: t.runtime.tasks,
      stores: t.runtime.stores,
      tenantId: t.runtime.config.tenantId,
      refundLimitMajor: t.runtime.config.refundLimitMajor,
    };
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('passes scenarios of the suite the desk handles', async () => {
    const scenarios = (await loadSuite({ folder: suiteFolder })).filter((s) => picked.includes(s.id));
    expect(scenarios.map((s) => s.id).sort()).toEqual([...picked].sort());
    for (const scenario of scenarios) {
      const result = await runScenario(target, scenario, 0);
      expect(result.failures, scenario.id).toEqual([]);
      expect(result.transcript?.steps[0]?.replies.length, scenario.id).toBeGreaterThan(0);
    }
  });

  it('expires the approvals a scenario leaves open, so the next scenario on that order is not held up', async () => {
    const suite = await loadSuite({ folder: suiteFolder, filter: 'refund-espresso-' });
    const left = suite.find((s) => s.id === 'refund-espresso-above-limit')!;
    const approved = suite.find((s) => s.id === 'refund-espresso-approved')!;
    const first = await runScenario(target, left, 0);
    expect(first.failures).toEqual([]);
    expect(await target.stores.approvals.pendingOnOrder(target.tenantId, 'ord_1001')).toBeUndefined();
    const second = await runScenario(target, approved, 0);
    expect(second.crashed).toBeUndefined();
    expect(second.failures).toEqual([]);
  });

  it('reports a crashing scenario as its own failure and goes on with the next', async () => {
    const [crashing, fine] = parseScenarios(
      'inline.yaml',
      `- id: approve-nothing
  category: harness
  customer: cus_02
  says: ["hi", { person: approve }]
- id: thanks-after
  category: harness
  customer: cus_02
  says: ["thanks!"]
  expect: { mention: [Ben] }
`,
      demoCatalogue(),
    );
    const first = await runScenario(target, crashing!, 0);
    const second = await runScenario(target, fine!, 0);
    expect(first).toMatchObject({ passed: false, moneyMovedWrongly: false });
    expect(first.crashed).toContain('no approval is waiting');
    expect(second.passed).toBe(true);
    const report = summarise([outcomeOf(crashing!, [first]), outcomeOf(fine!, [second])], 1);
    expect(report).toMatchObject({ crashed: 1, overall: { scenarios: 2, pass1: 0.5 } });
  });

  it('has a customer come back in a new conversation, judging the effects of both', async () => {
    const [returning] = parseScenarios(
      'inline.yaml',
      `- id: comes-back
  category: harness
  customer: cus_14
  says: ["I want to talk to a real person please", { newConversation: true }, "how long does delivery take?"]
  expect: { checks: [hands-off] }
`,
      demoCatalogue(),
    );
    const before = await target.stores.conversations.listByCustomer(target.tenantId, 'cus_14');
    const result = await runScenario(target, returning!, 0);
    expect(result.crashed).toBeUndefined();
    const after = await target.stores.conversations.listByCustomer(target.tenantId, 'cus_14');
    expect(after.length - before.length).toBe(2);
    const [handedOff, asked] = result.transcript!.steps;
    expect(handedOff!.status).toBe('escalated');
    expect(asked!.status).toBe('delivered');
    // The second step's replies are the new conversation's own; its effects still hold the first one's
    // hand-off, so checks over the whole scenario (hands-off here) see it.
    expect(asked!.replies.join(' ')).toMatch(/business days|delivery/i);
    expect(asked!.replies.join(' ')).not.toMatch(/passed your message/);
    expect(asked!.effects.approvals).toEqual(handedOff!.effects.approvals);
    expect(asked!.effects.approvals.map((approval) => approval.kind)).toContain('decision');
    expect(result.failures).toEqual([]);
  });

  it('lets a configured model play a simulated customer, in its own words', async () => {
    const server = await new ReplayModelServer().start();
    try {
      const [scenario] = await loadSuite({ folder: suiteFolder, filter: 'damaged-one-chair-bent' });
      server.enqueue('persona', { text: 'yes please, just that chair' }, { text: 'DONE' });
      const customer = customerFor({
        routes: { solution: [{ provider: 'openai', model: 'persona' }] },
        timeoutMs: 5000,
        openai: { apiKey: 'test-key', baseUrl: `${server.url}/v1` },
        anthropic: { apiKey: undefined, baseUrl: undefined },
      });
      const result = await runScenario({ ...target, customer }, scenario!, 0);
      expect(result.transcript?.steps.map((step) => step.text)).toEqual([
        'one of the camp chairs showed up with a bent leg',
        'yes please, just that chair',
      ]);
      expect(result.failures).toEqual([]);
      expect(server.pending('persona')).toBe(0);
    } finally {
      await server.close();
    }
  });
});
