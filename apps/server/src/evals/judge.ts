// Judges one run of a scenario: the database effects it expects, the procedure checks and the replies.
// Every failure is a sentence; the run passes when there are none.
import type { OrderRecord, PerformedAction, OpenedApproval } from '../store/index.js';
import { amountOf, groupOf, itemsOf, lineMatches, orderIdOf, type EffectGroup } from './effects.js';
import { alwaysChecked, checksOnRequest, HARD_CHECK } from './procedure.js';
import type { EffectExpectation, EffectMatcher, Scenario } from './scenario.js';
import { allReplies, finalEffects, type Transcript } from './transcript.js';

export interface Verdict {
  passed: boolean;
  failures: string[];
  /** Money moved on an item the customer did not name or does not have. */
  moneyMovedWrongly: boolean;
}

interface Comparable {
  order: string | undefined;
  amountMinor: number | undefined;
  items: OrderRecord['lines'];
  kind: string;
  status: string | undefined;
  label: string;
}

function fromAction(action: PerformedAction, orders: OrderRecord[]): Comparable {
  const orderId = orderIdOf(action);
  const order = orders.find((o) => o.id === orderId);
  return {
    order: orderId,
    amountMinor: amountOf(action),
    items: itemsOf(action, order),
    kind: action.kind,
    status: undefined,
    label: `${action.kind}${orderId ? ` on ${orderId}` : ''}`,
  };
}

function fromApproval(approval: OpenedApproval): Comparable {
  const action = approval.proposedAction ?? {};
  const amount = action.amountMinor;
  return {
    order: typeof action.orderId === 'string' ? action.orderId : undefined,
    amountMinor: typeof amount === 'number' ? amount : undefined,
    items: [],
    kind: typeof action.kind === 'string' ? action.kind : approval.kind,
    status: approval.status,
    label: `${approval.kind} approval (${approval.reason})`,
  };
}

const fits = (effect: Comparable, want: EffectMatcher): boolean =>
  (want.order === undefined || effect.order === want.order) &&
  (want.amount === undefined || effect.amountMinor === Math.round(want.amount * 100)) &&
  (want.kind === undefined || effect.kind === want.kind) &&
  (want.status === undefined || effect.status === want.status) &&
  (want.items === undefined ||
    want.items.every((fragment) => effect.items.some((line) => lineMatches(line, fragment))));

function compare(group: string, found: Comparable[], expected: EffectExpectation): string[] {
  if (typeof expected === 'number') {
    return found.length === expected
      ? []
      : [
          `expected ${expected} ${group}, found ${found.length}${found.length ? `: ${found.map((f) => f.label).join('; ')}` : ''}`,
        ];
  }
  const failures: string[] = [];
  const left = [...found];
  for (const want of expected) {
    const at = left.findIndex((effect) => fits(effect, want));
    if (at < 0) failures.push(`expected ${group.replace(/s$/, '')} ${JSON.stringify(want)}, not found`);
    else left.splice(at, 1);
  }
  for (const extra of left) failures.push(`unexpected ${extra.label}`);
  return failures;
}

function stateFailures(scenario: Scenario, transcript: Transcript): string[] {
  const effects = finalEffects(transcript);
  const byGroup = (group: EffectGroup) =>
    effects.actions
      .filter((a) => groupOf(a.kind) === group)
      .map((a) => fromAction(a, transcript.customer.orders));
  const failures: string[] = [];
  for (const group of ['refunds', 'returns', 'changes', 'tickets'] as const) {
    const expected = scenario.expect[group];
    if (expected !== undefined) failures.push(...compare(group, byGroup(group), expected));
  }
  if (scenario.expect.approvals !== undefined)
    failures.push(...compare('approvals', effects.approvals.map(fromApproval), scenario.expect.approvals));
  const last = transcript.steps.filter((s) => s.by === 'customer').at(-1);
  if (scenario.expect.status && last?.status !== scenario.expect.status)
    failures.push(`expected status ${scenario.expect.status}, got ${last?.status ?? 'nothing'}`);
  return failures;
}

/** `/…/flags` is a regular expression; anything else a case-insensitive substring. */
export function phraseMatcher(phrase: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(phrase);
  if (regex) {
    const pattern = new RegExp(regex[1]!, regex[2]!.includes('i') ? regex[2] : `${regex[2]}i`);
    return (text) => pattern.test(text);
  }
  const wanted = phrase.toLowerCase();
  return (text) => text.toLowerCase().includes(wanted);
}

function replyFailures(scenario: Scenario, transcript: Transcript): string[] {
  const replies = allReplies(transcript);
  const failures: string[] = [];
  for (const phrase of scenario.expect.mention) {
    if (!replies.some(phraseMatcher(phrase))) failures.push(`no reply mentions ${phrase}`);
  }
  for (const phrase of scenario.expect.avoid) {
    const hit = replies.find(phraseMatcher(phrase));
    if (hit) failures.push(`a reply mentions ${phrase}: "${hit.slice(0, 80).replaceAll('\n', ' ')}…"`);
  }
  return failures;
}

export function judge(scenario: Scenario, transcript: Transcript): Verdict {
  const context = { named: scenario.named };
  const failures: string[] = [];
  let moneyMovedWrongly = false;
  const checks = {
    ...alwaysChecked,
    ...Object.fromEntries(scenario.expect.checks.map((name) => [name, checksOnRequest[name]!])),
  };
  for (const [name, check] of Object.entries(checks)) {
    const found = check(transcript, context);
    if (name === HARD_CHECK && found.length > 0) moneyMovedWrongly = true;
    failures.push(...found.map((failure) => `${name}: ${failure}`));
  }
  failures.push(...stateFailures(scenario, transcript), ...replyFailures(scenario, transcript));
  return { passed: failures.length === 0, failures, moneyMovedWrongly };
}

export const knownChecks = (): Set<string> => new Set(Object.keys(checksOnRequest));
