// Runs one scenario through the desk, as a customer (scripted or simulated) and, where the script says so,
// a person answering the open approval. A crash is that run's failure, never the suite's.
import type { TaskQueue } from '../jobs/index.js';
import type { Desk } from '../runs/index.js';
import type { Stores } from '../store/index.js';
import { judge, type Verdict } from './judge.js';
import type { LocatedScenario } from './scenario.js';
import { ruleBasedCustomer, type CustomerSimulator, type CustomerTurn } from './model-customer.js';
import type { OtherCustomers, Transcript, TranscriptStep } from './transcript.js';

export interface EvaluationTarget {
  desk: Desk;
  /** The task queue the desk's runs go through: drained before each step's replies are read. */
  tasks: Pick<TaskQueue, 'drain'>;
  stores: Stores;
  tenantId: string;
  refundLimitMajor: number;
  /** Who plays a simulated scenario's customer (the rule-based customer when left out). */
  customer?: CustomerSimulator;
}

export interface RunResult extends Verdict {
  trial: number;
  crashed: string | undefined;
  transcript: Transcript | undefined;
}

const DRAIN_MS = 15_000;

class ScenarioRun {
  private threadId: string | undefined;
  private seenMessages = 0;
  /** Every conversation the scenario opened, oldest first (a customer may come back in a new one). */
  readonly threads: string[] = [];
  readonly steps: TranscriptStep[] = [];

  constructor(
    private readonly target: EvaluationTarget,
    private readonly customerId: string,
  ) {}

  async say(text: string): Promise<TranscriptStep> {
    const result = await this.target.desk.ask({ customerId: this.customerId, text, threadId: this.threadId });
    this.threadId = result.threadId;
    if (!this.threads.includes(result.threadId)) this.threads.push(result.threadId);
    return this.record('customer', text, result.status);
  }

  /** The customer's next message starts a new conversation. */
  comeBackLater(): void {
    this.threadId = undefined;
    this.seenMessages = 0;
  }

  async personAnswers(
    decision: 'approve' | 'reject' | 'respond',
    text: string | undefined,
  ): Promise<TranscriptStep> {
    const { stores, tenantId, desk } = this.target;
    const pending = this.threadId && (await stores.approvals.pendingOnConversation(tenantId, this.threadId));
    if (!pending) throw new Error(`no approval is waiting for a person to ${decision}`);
    const role = pending.allowedRoles.includes('approver')
      ? 'approver'
      : (pending.allowedRoles[0] ?? 'admin');
    const result = await desk.answerApproval(pending.id, {
      decision,
      by: 'usr_eval',
      role,
      ...(decision === 'reject' ? { feedback: text ?? 'Not this way.' } : {}),
      ...(decision === 'respond' ? { reply: text ?? 'A person answers.' } : {}),
    });
    return this.record('person', `${decision}${text ? `: ${text}` : ''}`, result.status);
  }

  private async record(by: TranscriptStep['by'], text: string, status: string): Promise<TranscriptStep> {
    const { stores, tenantId, tasks } = this.target;
    // Work a step started in the background (a queued follower, memories) settles before replies are read.
    await tasks.drain(DRAIN_MS).catch(() => undefined);
    const messages = this.threadId ? await stores.conversations.messages(tenantId, this.threadId) : [];
    const fresh = messages.slice(this.seenMessages);
    this.seenMessages = messages.length;
    const step: TranscriptStep = {
      by,
      text,
      status,
      replies: fresh.filter((m) => m.role !== 'customer').map((m) => m.text),
      effects: await this.effects(),
    };
    this.steps.push(step);
    return step;
  }

  /** What all of the scenario's conversations did so far, the oldest conversation's first. */
  private async effects(): Promise<TranscriptStep['effects']> {
    const { stores, tenantId } = this.target;
    const all: TranscriptStep['effects'] = { actions: [], approvals: [] };
    for (const thread of this.threads) {
      const { actions, approvals } = await stores.effects.ofConversation(tenantId, thread);
      all.actions.push(...actions);
      all.approvals.push(...approvals);
    }
    return all;
  }
}

async function play(
  run: ScenarioRun,
  scenario: LocatedScenario,
  trial: number,
  customer: CustomerSimulator,
): Promise<void> {
  if (scenario.says) {
    for (const step of scenario.says) {
      if (typeof step === 'string') await run.say(step);
      else if ('newConversation' in step) run.comeBackLater();
      else await run.personAnswers(step.person, step.text);
    }
    return;
  }
  const { goal, opening, persona, maxTurns } = scenario.simulate!;
  const said: CustomerTurn['said'] = [];
  let text: string | undefined = opening;
  for (let turn = 0; turn < maxTurns && text !== undefined; turn++) {
    const step = await run.say(text);
    said.push(
      { who: 'customer', text },
      ...step.replies.map((reply) => ({ who: 'desk' as const, text: reply })),
    );
    // Nothing answered: the customer has nothing to react to.
    if (step.replies.length === 0) break;
    text = await customer.next({ persona, goal, said, trial });
  }
}

async function othersThan(target: EvaluationTarget, customerId: string): Promise<OtherCustomers> {
  const everyone = await target.stores.customers.list(target.tenantId);
  const others = everyone.filter((c) => c.id !== customerId);
  const streets: string[] = [];
  for (const other of others) {
    for (const order of await target.stores.customers.orders(target.tenantId, other.id)) {
      const line1 = order.shippingAddress.line1;
      if (line1 && !streets.includes(line1)) streets.push(line1);
    }
  }
  return { names: others.map((c) => c.name), emails: others.map((c) => c.email), streets };
}

export async function runScenario(
  target: EvaluationTarget,
  scenario: LocatedScenario,
  trial: number,
): Promise<RunResult> {
  const run = new ScenarioRun(target, scenario.customer);
  const customer = await target.stores.customers.get(target.tenantId, scenario.customer);
  if (!customer) return crashed(trial, `customer ${scenario.customer} is not in the store`);
  let crash: string | undefined;
  try {
    await play(run, scenario, trial, target.customer ?? ruleBasedCustomer);
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
  } finally {
    for (const thread of run.threads) await expireLeftApprovals(target, thread).catch(() => undefined);
  }
  try {
    // What happened before a crash is judged too: money moved wrongly counts even in a run that crashed.
    const transcript: Transcript = {
      customer: {
        id: customer.id,
        name: customer.name,
        orders: await target.stores.customers.orders(target.tenantId, customer.id),
      },
      others: await othersThan(target, customer.id),
      refundLimitMajor: target.refundLimitMajor,
      steps: run.steps,
    };
    const verdict = judge(scenario, transcript);
    if (crash === undefined) return { trial, crashed: undefined, transcript, ...verdict };
    return {
      trial,
      crashed: crash,
      transcript,
      passed: false,
      failures: [`crashed: ${crash}`, ...verdict.failures],
      moneyMovedWrongly: verdict.moneyMovedWrongly,
    };
  } catch (error) {
    return crashed(trial, error instanceof Error ? error.message : String(error));
  }
}

/**
 * A scenario's approvals still waiting when it ends are expired, as if no approver ever answered: the
 * scenarios of a trial share one desk, and an approval left open on an order would otherwise make the next
 * scenario about that order meet "already being reviewed" (right for a customer, wrong for a test).
 */
async function expireLeftApprovals(target: EvaluationTarget, threadId: string | undefined): Promise<void> {
  if (!threadId) return;
  const { stores, tenantId } = target;
  for (let left = 10; left > 0; left--) {
    const pending = await stores.approvals.pendingOnConversation(tenantId, threadId);
    if (!pending) return;
    await stores.approvals.answer(tenantId, pending.id, {
      status: 'expired',
      by: 'usr_eval',
      role: 'system',
      detail: { reason: 'the scenario ended before anyone answered' },
    });
  }
}

const crashed = (trial: number, message: string): RunResult => ({
  trial,
  crashed: message,
  transcript: undefined,
  passed: false,
  failures: [`crashed: ${message}`],
  moneyMovedWrongly: false,
});
