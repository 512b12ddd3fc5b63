// Specialists: research's fourth parallel branch runs the skills that fit the request (orders,
// troubleshooting, recommendations, personalisation, external sources) side by side; after solution drafts,
// synthesis folds their grounded lines into the one reply quality then reviews.
import { chooseSkills, runSkills, synthesiseReply } from '../../skills/index.js';
import type { GraphDeps } from '../deps.js';
import type { SupportStateUpdate, SupportStateValue } from '../state.js';
import { latestCustomerText, runOf } from '../step.js';

export const researchSpecialists =
  (deps: GraphDeps) =>
  async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    const intent = state.classification?.intent ?? 'other';
    const text = latestCustomerText(state);
    const skills = chooseSkills(intent, text);
    const reports = await runSkills(skills, {
      tools: deps.tools,
      context: { ...runOf(state) },
      intent,
      text,
    });
    return {
      findings: { turn: state.turn, specialists: reports },
      metrics: { specialists_count: reports.length },
    };
  };

export const specialistsSynthesis =
  () =>
  (state: SupportStateValue): SupportStateUpdate => {
    const draft = state.draft;
    const reports = state.findings.specialists ?? [];
    // A person's reply, a revision after feedback and a proposed action are left exactly as they are. A draft
    // citing nothing takes only the orders skill's lines (grounded in the customer's own order records).
    const fromOrders = reports.some((report) => report.skill === 'orders' && report.replyLines.length > 0);
    if (!draft || draft.producedBy === 'person' || draft.action) return {};
    if (draft.citations.length === 0 && !fromOrders) return {};
    const reply = synthesiseReply(draft.reply, reports);
    if (reply === draft.reply) return {};
    // The customer's own orders the added lines speak of are the reply's sources too (review checks them).
    const known = new Set((state.findings.orders ?? []).map((order) => order.id));
    const cited = [...new Set(reply.match(/\bord_\w+/g) ?? [])]
      .filter((id) => known.has(id))
      .map((id) => `order:${id}`);
    return { draft: { ...draft, reply, grounds: [...new Set([...(draft.grounds ?? []), ...cited])] } };
  };
