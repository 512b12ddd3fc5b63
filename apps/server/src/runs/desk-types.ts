// What the desk answers and accepts: the shapes its callers (HTTP, CLI, MCP, tests) see.
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { Logger } from '../logger.js';
import type {
  BatchedPostgresSaver,
  Database,
  DecisionRecord,
  RequestOutcome,
  RequestRecord,
  Stores,
  ToolCallFacts,
} from '../store/index.js';
import type { ApprovalRequest } from '../graph/approval-types.js';
import type { SupportGraph } from '../graph/build.js';
import type { DoubleTextingPolicy } from '../graph/progress.js';
import type { TaskQueue } from '../jobs/index.js';

/** Where a request stands after the desk handled it. */
export type DeskStatus = RequestOutcome | 'queued';

export interface DeskResult {
  threadId: string;
  requestId: string;
  status: DeskStatus;
  reply?: string;
  ticketId?: string;
  approval?: {
    id: string;
    kind: 'review' | 'decision';
    reason: string;
    proposedAction: ApprovalRequest['proposedAction'];
    proposedReply: string | null;
    allowedRoles: string[];
    deadline: string;
  };
  /** The request's agent steps as recorded, in order. */
  decisions: DeskDecision[];
  /** The tools the request's agents called, in order: each a decision of its agent (arguments masked). */
  toolCalls: DeskToolCall[];
}

export type DeskDecision = Pick<
  DecisionRecord,
  'id' | 'agent' | 'outcome' | 'confidence' | 'reasons' | 'durationMs' | 'at'
>;
export type DeskToolCall = Pick<DecisionRecord, 'id' | 'agent' | 'outcome' | 'durationMs' | 'at'> &
  ToolCallFacts;

export interface CheckpointSummary {
  checkpointId: string;
  parentCheckpointId: string | undefined;
  step: number;
  source: string;
  createdAt: string | undefined;
  next: string[];
  stage: string | undefined;
  agent: string | undefined;
  requestId: string | undefined;
}

/** What an answer to an approval says, before it is checked against the approval. */
export interface ApprovalAnswerInput {
  decision: string;
  by: string;
  role: string;
  feedback?: string | undefined;
  reply?: string | undefined;
  action?: unknown;
}

export interface DeskOptions {
  graph: SupportGraph;
  /** The graph's saver, which stores a run's checkpoints behind it and says when they are stored. */
  checkpointer: BaseCheckpointSaver & Pick<BatchedPostgresSaver, 'runCheckpointsStored'>;
  db: Database;
  stores: Stores;
  tenantId: string;
  logger: Logger;
  /** The default for double texting; a tenant's stored setting overrides it. Default `queue`. */
  doubleTexting?: DoubleTextingPolicy;
  /** How far an overdue approval's deadline moves when it is re-escalated (default 24 h). */
  approvalDeadlineHours?: number;
  /** Where `graph.run` tasks are enqueued; the processes that work this queue run the graph. */
  tasks: TaskQueue;
}

/** A message the desk accepted: queued behind `queuedBehind` when its thread was still busy. */
export interface AcceptedMessage {
  request: RequestRecord;
  queuedBehind: string | undefined;
  /** The run the request was stored claimed by, with its task (see ThreadRuns.reserve); else undefined. */
  claimedBy?: string | undefined;
}

/** Where the desk keeps a tenant's requests, approvals and events. */
export interface DeskStorage {
  db: Database;
  stores: Stores;
  tenantId: string;
}

/** A person handing a thread back to the agents: what they said on it, and their summary. */
export interface HandBack {
  /** The person's display name ("Ana"). */
  person: string;
  summary: string;
  said: Array<{ id: string; text: string }>;
}
