// The record of every tool call an agent makes, as a decision: what was asked (personal data masked), by
// which agent for which request, how it ended, how big the answer was and how long it took.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/index.js';

export interface ToolCallRecord {
  tenantId: string;
  requestId: string;
  conversationId: string;
  agent: string;
  tool: string;
  arguments: unknown;
  outcome: 'ok' | 'error' | 'timeout' | 'refused';
  error?: string | undefined;
  resultBytes: number;
  durationMs: number;
}

export interface ToolCallRecorder {
  /** Records one call; never throws (a lost record must not fail the request). */
  record(call: ToolCallRecord): Promise<void>;
}

export class StoreToolCallRecorder implements ToolCallRecorder {
  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async record(call: ToolCallRecord): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO tool_calls (tenant_id, id, request_id, conversation_id, agent, tool, arguments, outcome, error,
           result_bytes, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          call.tenantId,
          randomUUID(),
          call.requestId,
          call.conversationId,
          call.agent,
          call.tool,
          JSON.stringify(call.arguments ?? {}),
          call.outcome,
          call.error ?? null,
          call.resultBytes,
          call.durationMs,
        ],
      );
    } catch (error) {
      this.onError(error);
    }
  }
}
