// The record of every tool call an agent makes, as a decision of that agent: what was asked (personal data
// masked), for which request, how it ended, how big the answer was and how long it took — with an
// `agent.tool_called` event in the same statement, so the live feed shows it as it happens.
import { randomUUID } from 'node:crypto';
import { makeEvent } from '../../events/envelope.js';
import type {
  DecisionRepository,
  GroupedWrites,
  OutboxRepository,
  ToolCallOutcome,
} from '../../store/index.js';

export interface ToolCallRecord {
  tenantId: string;
  requestId: string;
  conversationId: string;
  agent: string;
  tool: string;
  /** Already masked: the recorder stores what it is given. */
  arguments: unknown;
  outcome: ToolCallOutcome;
  error?: string | undefined;
  resultBytes: number;
  durationMs: number;
}

export interface ToolCallRecorder {
  /**
   * Records one call; never throws (a lost record must not fail the request). A call that went through
   * waits to be recorded with the calling step's decision and checkpoint, so its caller does not wait for it; a
   * refused or failed one is recorded at once, before its caller hears of the failure.
   */
  record(call: ToolCallRecord): Promise<void>;
}

/** Writes each call into the decisions trail, beside the calling agent's steps, and announces it. */
export class DecisionToolCallRecorder implements ToolCallRecorder {
  constructor(
    private readonly stores: {
      decisions: Pick<DecisionRepository, 'insertToolCall'>;
      outbox: Pick<OutboxRepository, 'append'>;
      trail: Pick<GroupedWrites, 'write' | 'writeLater'>;
    },
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async record({ tenantId, error, ...call }: ToolCallRecord): Promise<void> {
    const id = randomUUID();
    // Stamped when the call ended, as a step is stamped when it decided, so the trail reads in order; not when
    // its record is written, which for a held record is after the step's decision.
    const at = new Date().toISOString();
    try {
      // A call that went through is held back, and goes with the step that made it: in the statement that
      // stores the step's checkpoint, with the step's decision (see GroupedWrites.carry).
      const trail = call.outcome === 'ok' ? this.stores.trail.writeLater : this.stores.trail.write;
      await trail.call(this.stores.trail, call.conversationId, async (tx) => {
        await this.stores.decisions.insertToolCall(
          tenantId,
          {
            ...call,
            ...(error ? { error } : {}),
            id,
            at,
          },
          tx,
        );
        await this.stores.outbox.append(
          makeEvent({ tenantId, requestId: call.requestId }, 'agent.actions', 'agent.tool_called', {
            conversationId: call.conversationId,
            decisionId: id,
            agent: call.agent,
            tool: call.tool,
            outcome: call.outcome,
            resultBytes: call.resultBytes,
            durationMs: call.durationMs,
            ...(error ? { error } : {}),
          }),
          tx,
          { conversationId: call.conversationId },
        );
      });
    } catch (caught) {
      this.onError(caught);
    }
  }
}
