// The support graph's state (DESIGN §2): one Annotation.Root whose channels carry a thread across turns.
// Per-turn fields are reset by the supervisor with `null` (LangGraph ignores `undefined` in updates).
import type { BaseMessage } from '@langchain/core/messages';
import { Annotation, messagesStateReducer, type Messages } from '@langchain/langgraph';
import type { Classification, Draft, OrderFact, Review, SourceArticle } from '../reasoning/port.js';
import type { SkillReport } from '../skills/index.js';
import {
  mergeDecisions,
  mergeMetrics,
  mergeSessionData,
  mergeTurnScoped,
  unionContextIds,
  type StepDecision,
} from './reducers.js';
import type { ApprovalAnswer, ApprovalRequest } from './approval-types.js';

export type Stage =
  | 'received'
  | 'triaged'
  | 'researched'
  | 'drafted'
  | 'reviewed'
  | 'awaiting_person'
  | 'delivered'
  | 'escalated'
  | 'external';

export type Outcome = 'delivered' | 'external';

export interface CustomerFact {
  id: string;
  name: string;
  email: string;
  tier: 'standard' | 'vip';
}

/** What research gathered this turn; parallel branches each fill their own keys. */
export interface ResearchFindings {
  turn: number;
  articles?: SourceArticle[];
  customer?: CustomerFact;
  orders?: OrderFact[];
  pastConversations?: string[];
  /** What the specialist skills reported (orders, troubleshooting, recommendations, ...). */
  specialists?: SkillReport[];
  /** Set by research review: whether enough was found to draft an answer. */
  sufficient?: boolean;
}

const replace = <T>(fallback: () => T) =>
  Annotation<T>({ reducer: (_current, update) => update, default: fallback });

export const SupportState = Annotation.Root({
  messages: Annotation<BaseMessage[], Messages>({ reducer: messagesStateReducer, default: () => [] }),
  tenantId: replace<string>(() => ''),
  requestId: replace<string>(() => ''),
  customerId: replace<string>(() => ''),
  /** The conversation, which is also the graph thread. */
  conversationId: replace<string>(() => ''),
  turn: replace<number>(() => 0),
  priority: replace<number>(() => 5),
  currentAgent: replace<string>(() => 'supervisor'),
  stage: replace<Stage>(() => 'received'),
  decisions: Annotation<StepDecision[], StepDecision[] | StepDecision>({
    reducer: mergeDecisions,
    default: () => [],
  }),
  contextIds: Annotation<string[]>({ reducer: unionContextIds, default: () => [] }),
  metrics: Annotation<Record<string, number>>({ reducer: mergeMetrics, default: () => ({}) }),
  classification: replace<Classification | null>(() => null),
  findings: Annotation<ResearchFindings>({ reducer: mergeTurnScoped, default: () => ({ turn: 0 }) }),
  draft: replace<Draft | null>(() => null),
  /** How many drafts this turn has seen; approval ids and action keys derive from it. */
  revision: replace<number>(() => 0),
  review: replace<Review | null>(() => null),
  approvalRequest: replace<ApprovalRequest | null>(() => null),
  approvalAnswer: replace<ApprovalAnswer | null>(() => null),
  feedback: replace<string | null>(() => null),
  humanGuidance: replace<string | null>(() => null),
  outcome: replace<Outcome | null>(() => null),
  reply: replace<string | null>(() => null),
  ticketId: replace<string | null>(() => null),
  /** Durable facts carried between turns (previous intent, articles already sent, attempts). */
  sessionData: Annotation<Record<string, unknown>>({ reducer: mergeSessionData, default: () => ({}) }),
  startedAt: replace<string>(() => ''),
  updatedAt: replace<string>(() => ''),
  retryCount: replace<number>(() => 0),
});

export type SupportStateValue = typeof SupportState.State;
export type SupportStateUpdate = typeof SupportState.Update;
