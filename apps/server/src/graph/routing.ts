// Where each agent hands over, exactly as the seed's state diagram: conditional edges read the state the
// agent just wrote.
import { END } from '@langchain/langgraph';
import { citesAPromise } from '../domain/asking.js';
import { detectLanguage } from '../domain/language.js';
import { offerIn, type OrderChangeOffer } from '../skills/orders.js';
import { researchFanOut, type ResearchFanOut } from './nodes/research.js';
import type { PendingChange, SupportStateValue } from './state.js';
import { latestCustomerText } from './step.js';

/**
 * A new message goes to the answer reader when the thread holds a change stated to the customer; the
 * reader decides whether the message answers it (and withdraws a change that lapsed).
 */
export const afterSupervisor = (state: SupportStateValue): 'read_answer' | 'triage' =>
  state.pendingChange ? 'read_answer' : 'triage';

/** An answer to the stated change is carried out (or acknowledged); anything else is triaged as usual. */
export const afterReadAnswer = (state: SupportStateValue): 'account_change' | 'triage' =>
  state.pendingChange?.answer?.turn === state.turn ? 'account_change' : 'triage';

/** A change that needs a person waits for one; otherwise the reply has gone out. */
export const afterAccountChange = (state: SupportStateValue): 'change_approval' | typeof END =>
  state.approvalRequest && !state.approvalAnswer ? 'change_approval' : END;

/** The change the orders skill offered, when the drafted reply makes the offer (and proposes nothing else). */
export function offeredChange(state: SupportStateValue): OrderChangeOffer | undefined {
  const draft = state.draft;
  const offer = offerIn(state.findings.specialists ?? []);
  if (!draft || !offer || draft.action || draft.producedBy.startsWith('person')) return undefined;
  return draft.reply.includes(offer.line) ? offer : undefined;
}

export const afterSynthesis = (state: SupportStateValue): 'propose_change' | 'quality' =>
  offeredChange(state) ? 'propose_change' : 'quality';

/** What the desk last said on the thread, before the customer's newest message. */
export function lastDeskReply(state: SupportStateValue): string {
  for (let i = state.messages.length - 1; i >= 0; i -= 1) {
    const message = state.messages[i];
    if (message?.getType() === 'ai') return typeof message.content === 'string' ? message.content : '';
  }
  return '';
}

/**
 * The stated change the customer's newest message can answer: not answered yet, not expired, and still
 * the question the desk last asked (a reply a person rewrote without it, or any later reply, withdraws it).
 */
export function awaitedChange(state: SupportStateValue): PendingChange | undefined {
  const change = state.pendingChange;
  if (!change || change.answer) return undefined;
  const now = state.startedAt ? new Date(state.startedAt) : new Date();
  if (now.getTime() >= new Date(change.expiresAt).getTime()) return undefined;
  return lastDeskReply(state).includes(change.question) ? change : undefined;
}

/** Triage hands over to a person, to solution (small talk) or to research's sources, all at once. */
export function afterTriage(state: SupportStateValue): 'solution' | 'escalation' | ResearchFanOut[] {
  const c = state.classification;
  if (!c) return 'escalation';
  const serious = c.urgencySignals.some(
    (signal) => signal === 'legal' || signal === 'fraud' || signal === 'safety',
  );
  // The local engine answers in English only: another language is acknowledged in it and goes to a person.
  const foreign = detectLanguage(latestCustomerText(state)).code !== 'en';
  // An unrecognised request is searched for before anyone gives up on it (research, then answer or ask).
  // A promise the customer says one of our people made is a person's to check, whatever it is about.
  const promised = citesAPromise(latestCustomerText(state));
  if (c.unresolvedFollowUp || c.intent === 'human_request' || serious || foreign || promised)
    return 'escalation';
  if (c.intent === 'greeting' || c.intent === 'thanks') return 'solution';
  return [...researchFanOut];
}

/** Too little found goes to a person, except for an unrecognised request: solution asks the customer first. */
export const afterResearch = (state: SupportStateValue): 'solution' | 'escalation' =>
  state.findings.sufficient === false && !state.classification?.outOfScope ? 'escalation' : 'solution';

export const afterQuality = (state: SupportStateValue): 'deliver' | 'human_review' =>
  state.approvalRequest ? 'human_review' : 'deliver';

export const afterHumanReview = (state: SupportStateValue): 'solution' | 'deliver' =>
  state.approvalAnswer?.decision === 'reject' ? 'solution' : 'deliver';

export function afterHumanDecision(state: SupportStateValue): 'solution' | 'external' {
  const answer = state.approvalAnswer;
  if (answer?.decision === 'approve') return 'external';
  if (answer?.decision === 'edit' && answer.action) return 'external';
  return 'solution';
}
