// Specialists: research's fourth parallel branch runs the skills that fit the request (orders,
// troubleshooting, recommendations, personalisation, external sources) side by side; the solution step folds
// their grounded lines into its draft, the one reply quality then reviews.
import { composeReply } from '../../domain/reply.js';
import {
  asksWhichItem,
  chooseSkills,
  goesOnAboutSameItem,
  guidedLines,
  offerIn,
  runSkills,
  synthesiseReply,
} from '../../skills/index.js';
import type { GraphDeps } from '../deps.js';
import type { Draft } from '../../reasoning/port.js';
import type { SupportStateUpdate, SupportStateValue } from '../state.js';
import { lastDeskReply } from '../routing.js';
import { latestCustomerText, runOf } from '../step.js';
import { statesChange } from './propose-change.js';
import { helpCentreQuestion } from './research.js';

export const researchSpecialists =
  (deps: GraphDeps) =>
  async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    const answered = answerToWhichItem(state);
    const intent = answered?.intent ?? state.classification?.intent ?? 'other';
    const text = answered?.text ?? goingOnAboutOffer(state) ?? latestCustomerText(state);
    const skills = chooseSkills(intent, text);
    const reports = await runSkills(skills, {
      tools: deps.tools,
      context: { ...runOf(state) },
      intent,
      text,
      // Triage read the customer's record this turn: the skills are handed it rather than asking again.
      customer: state.findings.turn === state.turn ? state.findings.customer : undefined,
      // An answer to the orders skill's question is read with the message it answers, not searched as asked.
      ...(answered ? {} : { search: helpCentreQuestion(state) }),
    });
    // The customer answered the orders skill's question: its report is the reply, not whatever "socks" alone
    // would have found in the help centre.
    if (answered) {
      for (const report of reports) if (report.skill === 'orders') report.answers = true;
    }
    return {
      findings: { turn: state.turn, specialists: reports },
      metrics: { specialists_count: reports.length },
    };
  };

/** The customer's message before the newest one, if any. */
function previousCustomerText(state: SupportStateValue): string | undefined {
  const said = state.messages.filter((message) => message.getType() === 'human');
  const previous = said.at(-2)?.content;
  return typeof previous === 'string' ? previous : undefined;
}

/**
 * When the desk's last reply asked which item the customer means, their answer ("the socks") is read
 * together with the message it answers, under that message's intent.
 */
function answerToWhichItem(state: SupportStateValue): { text: string; intent: string } | undefined {
  if (!asksWhichItem(lastDeskReply(state))) return undefined;
  const latest = latestCustomerText(state);
  // A long message is a new matter ("thanks, and how do I reset my password?"), not an answer.
  if (latest.split(/\s+/).filter(Boolean).length > 10 && !/\bord_\w+/i.test(latest)) return undefined;
  const previous = previousCustomerText(state);
  const intent = state.sessionData.lastIntent;
  if (!previous || typeof intent !== 'string') return undefined;
  return { text: `${previous}\n${latest}`, intent };
}

/** Intents under which a message can go on about an item the desk offered a refund, return or change on. */
const aboutAnItem = new Set(['damaged_item', 'refund_request', 'return_or_exchange', 'other']);

/**
 * When the desk's last reply offered a change on an item and the customer, instead of yes or no, goes on about
 * it ("the shade is cracked right down the side, it came like that"), their message is read together with the
 * one the offer answered: the item is the one offered on, asked about again, never "which item?" as if new.
 */
function goingOnAboutOffer(state: SupportStateValue): string | undefined {
  if (!statesChange(lastDeskReply(state))) return undefined;
  const latest = latestCustomerText(state);
  if (!aboutAnItem.has(state.classification?.intent ?? 'other') || !goesOnAboutSameItem(latest))
    return undefined;
  const previous = previousCustomerText(state);
  return previous ? `${previous}\n${latest}` : undefined;
}

/**
 * The draft with the specialists' grounded lines folded in (the draft itself when there is nothing to fold).
 * A person's reply, a revision after feedback and a proposed action are left exactly as they are. A draft
 * citing nothing takes only the orders skill's lines (grounded in the customer's own order records).
 */
export function foldSpecialists(state: SupportStateValue, draft: Draft | null): Draft | null {
  const reports = state.findings.specialists ?? [];
  const fromOrders = reports.some((report) => report.skill === 'orders' && report.replyLines.length > 0);
  if (!draft || draft.producedBy === 'person' || draft.action) return draft;
  if (draft.citations.length === 0 && !fromOrders) return draft;
  // Troubleshooting's steps are those of the article it follows: they go with a reply citing it, never beside
  // one citing another (a model's draft may choose differently).
  const fitting = reports.flatMap((report) => {
    if (!report.guide) return [report];
    return draft.citations.includes(report.guide.article)
      ? [{ ...report, replyLines: guidedLines(report.guide, draft.reply) }]
      : [];
  });
  // Steps to try for the fault come first: an offer on the item goes beside them, not instead of them.
  const guided = fitting.some((report) => report.guide);
  // An order looked up, or a question about which item: the orders skill's lines are the whole answer.
  const answer = draft.producedBy.startsWith('person')
    ? undefined
    : reports.find((report) => report.skill === 'orders' && report.answers && !(guided && offerIn([report])));
  const reply = answer
    ? composeReply({
        name: state.findings.customer?.name,
        body: [...(answer.opening ? [answer.opening] : []), ...answer.replyLines].join('\n\n'),
      })
    : synthesiseReply(draft.reply, fitting);
  if (reply === draft.reply) return draft;
  // The customer's own orders the added lines speak of are the reply's sources too (review checks them).
  const known = new Set((state.findings.orders ?? []).map((order) => order.id));
  const cited = [...new Set(reply.match(/\bord_\w+/g) ?? [])]
    .filter((id) => known.has(id))
    .map((id) => `order:${id}`);
  const grounds = [...new Set([...(draft.grounds ?? []), ...cited])];
  if (!answer) return { ...draft, reply, grounds };
  // Grounded in the customer's own orders alone, whatever the help centre had: its articles are not cited.
  return { ...draft, reply, grounds, citations: [], confidence: Math.max(draft.confidence, 0.85) };
}

/**
 * The fold as a step of its own, as earlier releases ran it after solution: kept so that their threads
 * checkpointed between the two resume. The solution step folds its own draft now (see solution.ts).
 */
export const specialistsSynthesis =
  () =>
  (state: SupportStateValue): SupportStateUpdate => {
    const folded = foldSpecialists(state, state.draft);
    return folded === state.draft ? {} : { draft: folded };
  };
