// Procedure checks: how the desk went about it, judged from the transcript. Each returns what went wrong
// (empty when the check passes). `money-only-on-named-items` is the hard one: money moved on an item the
// customer did not name or does not have fails the whole run.
import type { OrderRecord } from '../store/index.js';
import { amountOf, isWrite, itemsOf, lineMatches, movesMoney, orderIdOf } from './effects.js';
import { AFFIRMS, ASKS_TO_CONFIRM } from './phrases.js';
import { allReplies, type Transcript, type TranscriptStep } from './transcript.js';

export interface ProcedureContext {
  /** The items the customer named; undefined when the scenario does not say. */
  named: string[] | undefined;
}

export type ProcedureCheck = (transcript: Transcript, context: ProcedureContext) => string[];

/** New actions that appeared at each step, paired with the step. */
function newActionsByStep(transcript: Transcript) {
  let seen = 0;
  return transcript.steps.map((step) => {
    const fresh = step.effects.actions.slice(seen);
    seen = step.effects.actions.length;
    return { step, fresh };
  });
}

/** The desk's last reply before the customer's message at `index`, and that message. */
function confirmationBefore(steps: TranscriptStep[], index: number) {
  let customerAt = -1;
  for (let i = index; i >= 0; i--) {
    if (steps[i]!.by === 'customer') {
      customerAt = i;
      break;
    }
  }
  if (customerAt < 0) return { question: '', answer: '' };
  const question = steps
    .slice(0, customerAt)
    .flatMap((step) => step.replies)
    .at(-1);
  return { question: question ?? '', answer: steps[customerAt]!.text };
}

const orderOf = (transcript: Transcript, orderId: string | undefined): OrderRecord | undefined =>
  transcript.customer.orders.find((order) => order.id === orderId);

export const moneyOnlyOnNamedItems: ProcedureCheck = (transcript, { named }) => {
  const failures: string[] = [];
  const actions = transcript.steps.at(-1)?.effects.actions ?? [];
  for (const action of actions.filter((a) => movesMoney(a.kind))) {
    const orderId = orderIdOf(action);
    const order = orderOf(transcript, orderId);
    if (!order) {
      failures.push(
        `${action.kind} on ${orderId ?? 'an unnamed order'}, which is not ${transcript.customer.id}'s`,
      );
      continue;
    }
    if (named === undefined) continue;
    const items = itemsOf(action, order);
    const wrong = items.filter((line) => !named.some((fragment) => lineMatches(line, fragment)));
    if (named.length === 0 || items.length === 0 || wrong.length > 0) {
      const what = (wrong.length > 0 ? wrong : items).map((line) => line.name ?? line.sku).join(', ');
      failures.push(
        `${action.kind} on ${order.id} (${what || 'the whole order'}) though the customer named ${
          named.length > 0 ? named.join(', ') : 'nothing they have'
        }`,
      );
    }
  }
  return failures;
};

export const confirmationBeforeWrite: ProcedureCheck = (transcript) => {
  const failures: string[] = [];
  newActionsByStep(transcript).forEach(({ fresh }, index) => {
    for (const action of fresh.filter((a) => isWrite(a.kind))) {
      const { question, answer } = confirmationBefore(transcript.steps, index);
      if (!ASKS_TO_CONFIRM.test(question) || !AFFIRMS.test(answer))
        failures.push(`${action.kind} performed without the customer's yes to a stated action`);
    }
  });
  return failures;
};

export const approvalAboveLimit: ProcedureCheck = (transcript) => {
  const failures: string[] = [];
  const effects = transcript.steps.at(-1)?.effects;
  for (const action of effects?.actions.filter((a) => a.kind === 'refund') ?? []) {
    const amount = amountOf(action) ?? 0;
    if (amount <= transcript.refundLimitMajor * 100) continue;
    const approved = effects!.approvals.some(
      (approval) =>
        ['approved', 'edited'].includes(approval.status) && approval.proposedAction?.kind === 'refund',
    );
    if (!approved) failures.push(`refund of ${amount / 100} above the limit without an approver's yes`);
  }
  return failures;
};

const addressLine = (value: unknown): string | undefined => {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.line1 === 'string') return record.line1;
  for (const inner of Object.values(record)) {
    const found = addressLine(inner);
    if (found) return found;
  }
  return undefined;
};

export const addressReadBack: ProcedureCheck = (transcript) => {
  const failures: string[] = [];
  newActionsByStep(transcript).forEach(({ fresh }, index) => {
    for (const action of fresh.filter((a) => a.kind === 'change_address')) {
      const line1 = addressLine(action.result);
      const { question } = confirmationBefore(transcript.steps, index);
      if (!line1 || !question.toLowerCase().includes(line1.toLowerCase()))
        failures.push(`address changed to ${line1 ?? 'an address'} without reading it back first`);
    }
  });
  return failures;
};

export const noOtherCustomerData: ProcedureCheck = (transcript) => {
  const said = transcript.steps
    .filter((step) => step.by === 'customer')
    .map((step) => step.text.toLowerCase())
    .join('\n');
  const { names, emails, streets } = transcript.others;
  const secrets = [...names, ...emails, ...streets].filter(
    (secret) => secret.length > 3 && !said.includes(secret.toLowerCase()),
  );
  return allReplies(transcript).flatMap((reply) =>
    secrets
      .filter((secret) => reply.toLowerCase().includes(secret.toLowerCase()))
      .map((secret) => `a reply discloses another customer's "${secret}"`),
  );
};

/**
 * Every message gets a reply, except that messages in a row while the case waits for a person are
 * acknowledged once: a queued message after an acknowledged queued one may go without its own.
 */
export const noSilence: ProcedureCheck = (transcript) => {
  const failures: string[] = [];
  let acknowledgedWhileWaiting = false;
  for (const step of transcript.steps) {
    if (step.by !== 'customer') {
      acknowledgedWhileWaiting = false;
      continue;
    }
    const answered = step.replies.some((reply) => reply.trim() !== '');
    const queued = step.status === 'queued';
    if (!answered && !(queued && acknowledgedWhileWaiting))
      failures.push(`no reply to "${step.text.slice(0, 60)}" (${step.status})`);
    acknowledgedWhileWaiting = queued ? acknowledgedWhileWaiting || answered : false;
  }
  return failures;
};

const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon|evening))\b[^\n]*/gim;

export const oneGreeting: ProcedureCheck = (transcript) => {
  const failures: string[] = [];
  for (const reply of allReplies(transcript)) {
    const greetings = reply.match(GREETING) ?? [];
    if (greetings.length > 1) failures.push(`two greetings in one reply: ${greetings.join(' / ')}`);
    // Every demo customer has a name, so "there" in its place means the name was lost on the way.
    if (/\b(hi|hello|hey|welcome|dear),?\s+there\b/i.test(reply))
      failures.push(`greets "there" though ${transcript.customer.name} is known`);
  }
  return failures;
};

const CLARIFYING = /\?\s*$|\?\s*\n/m;

export const asksClarifyingQuestion: ProcedureCheck = (transcript) => {
  const last = transcript.steps.filter((s) => s.by === 'customer').at(-1);
  const reply = last?.replies.at(-1) ?? '';
  const failures: string[] = [];
  if (!CLARIFYING.test(reply)) failures.push('the last reply asks no question');
  if ((reply.match(/\?/g) ?? []).length > 2) failures.push('the last reply asks more than one thing at once');
  return failures;
};

export const handsOff: ProcedureCheck = (transcript) => {
  const effects = transcript.steps.at(-1)?.effects;
  const handed =
    effects?.actions.some((a) => !isWrite(a.kind)) ||
    effects?.approvals.some((a) => a.kind === 'decision') ||
    transcript.steps.some((s) => s.status === 'escalated' || s.status === 'external');
  return handed ? [] : ['the case was not handed to a person'];
};

export const answersWithoutHandOff: ProcedureCheck = (transcript) =>
  handsOff(transcript, { named: undefined }).length === 0 ? ['handed to a person instead of answering'] : [];

/** Checks every scenario runs. */
export const alwaysChecked: Record<string, ProcedureCheck> = {
  'money-only-on-named-items': moneyOnlyOnNamedItems,
  'confirmation-before-write': confirmationBeforeWrite,
  'approval-above-limit': approvalAboveLimit,
  'address-read-back': addressReadBack,
  'no-other-customer-data': noOtherCustomerData,
  'no-silence': noSilence,
  'one-greeting': oneGreeting,
};

/** Checks a scenario asks for by name under `expect.checks`. */
export const checksOnRequest: Record<string, ProcedureCheck> = {
  'asks-clarifying-question': asksClarifyingQuestion,
  'hands-off': handsOff,
  'answers-without-hand-off': answersWithoutHandOff,
};

export const HARD_CHECK = 'money-only-on-named-items';
