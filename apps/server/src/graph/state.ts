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
import type { AccountChangeKind, ApprovalAnswer, ApprovalRequest } from './approval-types.js';

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

/** What the customer said to a stated change, and in which turn. */
export interface ChangeAnswer {
  turn: number;
  kind: 'confirm' | 'decline' | 'address' | 'unclear';
  why: string;
}

/**
 * An account change the desk stated to the customer (cancel an order, re-address it, ...) and waits for
 * them to confirm. It lives in the thread's checkpointed state, not in a process, so the customer's "yes"
 * may arrive after a restart and be handled by any process.
 */
export interface PendingChange {
  kind: AccountChangeKind;
  actionId: string;
  /** `requestId:actionId` of the request that proposed it: the action ledger performs it once under it. */
  idempotencyKey: string;
  params: Record<string, unknown>;
  /** The exact change as the action desk words it; null while a detail (the new address) is missing. */
  statement: string | null;
  /** The action desk's token for that statement: a changed statement needs a new confirmation. */
  confirmationToken: string | null;
  /** Why a person must approve it (empty: nobody need). */
  approvalReasons: string[];
  /** The question in the desk's reply; the change stands only while it is what the customer was last asked. */
  question: string;
  customerName: string;
  proposedBy: string;
  /** After this the change is withdrawn, answered or not. */
  expiresAt: string;
  /** Set in the turn the customer answers; null while the desk waits for an answer. */
  answer: ChangeAnswer | null;
  /**
   * The articles the reply that stated the change cited (the policy that allows it). The approval opens on
   * a later turn, whose own draft cites nothing, so the approver is shown these (absent in older threads).
   */
  citations?: string[];
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
  /** A change stated to the customer, awaiting their answer; carried across turns until settled. */
  pendingChange: replace<PendingChange | null>(() => null),
  /** Durable facts carried between turns (previous intent, articles already sent, attempts). */
  sessionData: Annotation<Record<string, unknown>>({ reducer: mergeSessionData, default: () => ({}) }),
  startedAt: replace<string>(() => ''),
  updatedAt: replace<string>(() => ''),
  retryCount: replace<number>(() => 0),
});

export type SupportStateValue = typeof SupportState.State;
export type SupportStateUpdate = typeof SupportState.Update;
