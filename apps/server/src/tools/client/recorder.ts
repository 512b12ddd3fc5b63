// The record of every tool call an agent makes, as a decision of that agent: what was asked (personal data
// masked), for which request, how it ended, how big the answer was and how long it took.
import { randomUUID } from 'node:crypto';
import type { DecisionRepository, ToolCallOutcome } from '../../store/index.js';

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
  /** Records one call; never throws (a lost record must not fail the request). */
  record(call: ToolCallRecord): Promise<void>;
}

/** Writes each call into the decisions trail, beside the calling agent's steps. */
export class DecisionToolCallRecorder implements ToolCallRecorder {
  constructor(
    private readonly decisions: Pick<DecisionRepository, 'insertToolCall'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async record({ tenantId, error, ...call }: ToolCallRecord): Promise<void> {
    try {
      await this.decisions.insertToolCall(tenantId, {
        ...call,
        ...(error ? { error } : {}),
        id: randomUUID(),
        // Stamped when the call ended, as a step is stamped when it decided: the trail reads in order.
        at: new Date().toISOString(),
      });
    } catch (caught) {
      this.onError(caught);
    }
  }
}
