// Research: fans out in parallel (an edge to each) to the knowledge base, the customer's record and orders,
// and their past conversations; the review step then judges whether enough was found to answer.
import { customerNeed, intentHints } from '../../knowledge/customer-need.js';
import { withoutInjectedInstructions } from '../../reasoning/local/injection.js';
import type { Intent } from '../../reasoning/port.js';
import { triedEveryStep, type Guide } from '../../skills/index.js';
import type { GraphDeps } from '../deps.js';
import type { SupportStateUpdate, SupportStateValue } from '../state.js';
import { agentStep, callerOf, latestCustomerText } from '../step.js';

export const researchBranches = ['research_knowledge', 'research_customer', 'research_history'] as const;

/** Every step of research's fan-out: its sources and the specialist skills, run side by side. */
export const researchFanOut = [...researchBranches, 'research_specialists'] as const;
export type ResearchFanOut = (typeof researchFanOut)[number];

/**
 * The question research works on: the customer's need (no greeting or signature, and none of the
 * instructions a message pasted in for the assistant), in their own words; a follow-up is searched together
 * with the turn it follows. The triaged intent's words go to the help-centre search apart (intentHints).
 */
export function researchQuery(state: SupportStateValue): string {
  const message = latestCustomerText(state);
  // A message that is nothing but pasted-in instructions is searched as written: finding is not obeying.
  const request = withoutInjectedInstructions(message).request.trim() || message;
  const text = customerNeed(request);
  const previous = state.sessionData.lastQuery;
  return state.classification?.unresolvedFollowUp && typeof previous === 'string'
    ? `${previous} ${text}`
    : text;
}

/**
 * The fan-out as a step of its own, as earlier releases ran it between triage and the sources. Triage now
 * starts the sources itself: this step recorded a decision that said nothing (always "fan-out") and cost every
 * researched request a checkpoint and a turn of the graph. It stays for threads an earlier release
 * checkpointed between triage and it, which resume here and go on to the sources along its edges.
 */
export const researchNode = (deps: GraphDeps) =>
  agentStep('research', deps, () =>
    Promise.resolve({
      update: { stage: 'triaged' },
      outcome: 'fan-out',
      confidence: 1,
      reasons: [`searching ${researchFanOut.length} sources in parallel`],
    }),
  );

/**
 * What research asks the help centre this turn: the customer's need, with the triaged intent's words as hints.
 * The hints help the search find how the help centre files the need, weighed below the customer's own words:
 * appended to the question they counted as the customer's and could outrank what was asked (on the scenario
 * suite's first messages with such words, the article holding the expected answer was in the top 3 for 36 of
 * 44 with them appended, 42 as hints). A skill searching the help centre beside research asks the same.
 */
export function helpCentreQuestion(state: SupportStateValue) {
  const hints = intentHints(state.classification?.intent);
  return { query: researchQuery(state), ...(hints.length ? { hints: [...hints] } : {}), limit: 5 };
}

/** Needs whose answer may move money: the policy that allows it is searched for too, to be cited. */
const policyQueries: Partial<Record<Intent, string>> = {
  refund_request: 'refund policy',
  damaged_item: 'refund policy damaged or defective items',
  return_or_exchange: 'refund policy return window',
  cancel_order: 'cancel an order refund',
};

export const researchKnowledge =
  (deps: GraphDeps) =>
  async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    const caller = callerOf(state, 'research');
    const policyQuery = policyQueries[state.classification?.intent ?? 'other'];
    const [{ articles: found }, policy] = await Promise.all([
      deps.tools.call('knowledge.search', helpCentreQuestion(state), caller),
      policyQuery ? deps.tools.call('knowledge.search', { query: policyQuery, limit: 1 }, caller) : undefined,
    ]);
    const articles = [
      ...found,
      ...(policy?.articles ?? []).filter((article) => !found.some((other) => other.id === article.id)),
    ];
    return {
      findings: { turn: state.turn, articles },
      contextIds: articles.map((article) => `article:${article.id}`),
      metrics: { tool_calls_count: policyQuery ? 2 : 1 },
    };
  };

export const researchCustomer =
  (deps: GraphDeps) =>
  async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    const run = callerOf(state, 'research');
    // Triage read the customer's record this turn already: the same record is not asked for twice.
    const known = state.findings.turn === state.turn ? state.findings.customer : undefined;
    const [customer, { orders }] = await Promise.all([
      known ??
        deps.tools
          .call('crm.get_customer', { customerId: state.customerId }, run)
          .then((found) => found.customer),
      deps.tools.call('orders.list', { customerId: state.customerId }, run),
    ]);
    return {
      findings: { turn: state.turn, ...(customer ? { customer } : {}), orders },
      contextIds: [`customer:${state.customerId}`, ...orders.map((order) => `order:${order.id}`)],
      metrics: { tool_calls_count: known ? 1 : 2 },
    };
  };

export const researchHistory =
  (deps: GraphDeps) =>
  async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    if (deps.memory) {
      const context = await deps.memory.context({
        tenantId: state.tenantId,
        customerId: state.customerId,
        conversationId: state.conversationId,
        query: researchQuery(state),
        recentMessages: state.messages.slice(-8).map((message) => ({
          role: message.getType() === 'human' ? 'customer' : 'agent',
          text: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
        })),
      });
      // The current conversation is already in the state; what research adds is what lies outside it.
      const remembered = context.items
        .filter((item) => item.tier !== 'conversation')
        .map((item) => item.text);
      return {
        findings: { turn: state.turn, pastConversations: remembered },
        metrics: { memory_tokens_count: context.tokens, memory_items_count: remembered.length },
      };
    }
    const { messages } = await deps.tools.call(
      'conversations.search_past',
      {
        customerId: state.customerId,
        query: researchQuery(state),
        excludeConversationId: state.conversationId,
      },
      callerOf(state, 'research'),
    );
    return { findings: { turn: state.turn, pastConversations: messages }, metrics: { tool_calls_count: 1 } };
  };

const needsOrders = new Set([
  'refund_request',
  'damaged_item',
  'order_status',
  'cancel_order',
  'return_or_exchange',
]);

export const researchReviewNode = (deps: GraphDeps) =>
  agentStep('research', deps, (state) => {
    const { articles = [], orders = [], pastConversations = [] } = state.findings;
    const intent = state.classification?.intent ?? 'other';
    const missing: string[] = [];
    // A product question the catalogue was searched for is answered from it, found or not.
    const catalogueSearched = (state.findings.specialists ?? []).some((report) => report.products);
    if (articles.length === 0 && !catalogueSearched) missing.push('no help article matches');
    if (needsOrders.has(intent) && orders.length === 0) missing.push('the customer has no orders');
    // Every step of the article the desk would answer from was given before: another copy helps no one.
    const guide = exhaustedGuide(state);
    if (guide) missing.push(`the customer already tried every step of "${guide.title}"`);
    // A skill found in the customer's records what only a person can sort out (a refund that never came).
    for (const report of state.findings.specialists ?? [])
      if (report.needsPerson) missing.push(report.needsPerson);
    const found = `${articles.length} articles, ${orders.length} orders, ${pastConversations.length} past messages`;
    return Promise.resolve({
      update: { stage: 'researched', findings: { turn: state.turn, sufficient: missing.length === 0 } },
      outcome: missing.length > 0 ? 'insufficient' : 'found',
      confidence: missing.length > 0 ? 0.4 : Math.min(1, 0.6 + 0.1 * articles.length),
      reasons: [found, ...missing],
    });
  });

/** The help article troubleshooting followed this turn, with the steps the customer was already given. */
export function guideOfTurn(state: SupportStateValue): Guide | undefined {
  if (state.findings.turn !== state.turn) return undefined;
  return state.findings.specialists?.find((report) => report.guide)?.guide;
}

/** The troubleshooting guide of this turn when the customer was already given every one of its steps. */
export function exhaustedGuide(state: SupportStateValue): Guide | undefined {
  const guide = guideOfTurn(state);
  return guide && triedEveryStep(guide) ? guide : undefined;
}
