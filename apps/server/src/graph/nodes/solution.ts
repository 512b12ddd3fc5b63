// Solution: drafts the reply, and the action when one is needed (a refund), from what research found.
// A person's feedback (after a rejection) or guidance (after an escalation) shapes the next draft.
import type { OrderFact, ProductFact, SourceArticle } from '../../reasoning/port.js';
import type { GraphDeps } from '../deps.js';
import type { SupportStateValue } from '../state.js';
import { agentStep, latestCustomerText } from '../step.js';
import { foldSpecialists } from './specialists.js';

export const articlesOf = (state: SupportStateValue): SourceArticle[] => state.findings.articles ?? [];
export const ordersOf = (state: SupportStateValue): OrderFact[] => state.findings.orders ?? [];
/** What the catalogue search found, when it ran for this turn (undefined when it did not). */
export const productsOf = (state: SupportStateValue): ProductFact[] | undefined =>
  state.findings.specialists?.find((report) => report.products !== undefined)?.products;

/** A person's hand-back summary, for the first turn after they handed the thread back to the agents. */
function handBackFor(state: SupportStateValue): { handBack?: { person: string; summary: string } } {
  const handBack = state.sessionData.handBack as
    { person?: unknown; summary?: unknown; turn?: unknown } | undefined;
  if (!handBack || typeof handBack.person !== 'string' || typeof handBack.summary !== 'string') return {};
  if (handBack.turn !== state.turn - 1 || handBack.summary.trim() === '') return {};
  return { handBack: { person: handBack.person, summary: handBack.summary } };
}

export const solutionNode = (deps: GraphDeps) =>
  agentStep('solution', deps, async (state, reasoning) => {
    const customer = state.findings.customer;
    const revision = state.revision + 1;
    const draft = await deps.reasoning.draft(
      {
        text: latestCustomerText(state),
        intent: state.classification?.intent ?? 'other',
        customer: {
          id: state.customerId,
          name: customer?.name ?? '',
          tier: customer?.tier ?? 'standard',
        },
        articles: articlesOf(state),
        orders: ordersOf(state),
        pastConversations: state.findings.pastConversations ?? [],
        ...(productsOf(state) ? { products: productsOf(state) } : {}),
        ...(state.feedback ? { feedback: state.feedback } : {}),
        ...(state.humanGuidance ? { humanGuidance: state.humanGuidance } : {}),
        ...handBackFor(state),
        revision,
      },
      reasoning,
    );
    const reasons = [`drafted by ${draft.producedBy}`, `cites ${draft.citations.join(', ') || 'nothing'}`];
    if (draft.action) reasons.push(`proposes ${draft.action.kind}`);
    if (state.feedback) reasons.push('revised after a person rejected the previous draft');
    return {
      // The specialists' lines are folded in here rather than in a step of their own: the fold is a pure
      // function of the draft and the research, and a step costs a checkpoint and a turn of the graph.
      update: {
        draft: foldSpecialists(state, draft),
        revision,
        stage: 'drafted',
        feedback: null,
        humanGuidance: null,
      },
      outcome: draft.action ? `propose:${draft.action.kind}` : 'reply',
      confidence: draft.confidence,
      reasons,
    };
  });
