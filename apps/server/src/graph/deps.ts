// What the graph's nodes are given: ports only, never adapters or configuration.
import type { ContextRequest, MemoryContext } from '../memory/manager.js';
import type { PhaseRecorder } from '../observability/phases.js';
import type { ReasoningEngine } from '../reasoning/port.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { RunIdentity, StepJournal } from './journal.js';

export interface GraphPolicy {
  /** Refunds strictly above this many major units need an approver. */
  refundLimitMajor: number;
  /** How long a person has to answer before the approval is re-escalated. */
  approvalDeadlineHours: number;
}

export interface GraphDeps {
  tools: ToolRegistry;
  reasoning: ReasoningEngine;
  journal: StepJournal;
  policy: GraphPolicy;
  /** Named points where a test can stop a run (see FRONTDESK_FAILPOINT); a no-op in production. */
  failpoint: (name: string) => Promise<void>;
  now: () => Date;
  /** Receives reply text while it is drafted, for live streams; optional. */
  onReplyText?: (run: RunIdentity, text: string) => void;
  /** Research's remembered context (conversation, session and long-term memory); absent: past-message search. */
  memory?: { context(request: ContextRequest): Promise<MemoryContext> };
  /** Times each agent step for the benchmark's per-phase breakdown; absent (free) in production. */
  phases?: PhaseRecorder;
}
