// Every decision an agent makes: its steps (who decided what, how sure, why, how long it took, what the
// model cost) and the tool calls it made along the way (which tool, with what, how it ended, how big the
// answer was, how long it took). One trail, so a person reads what an agent looked up beside what it decided.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

/** A step is one agent's turn in the graph; a tool call is one call that agent made to a tool. */
export type DecisionKind = 'step' | 'tool_call';

export type ToolCallOutcome = 'ok' | 'error' | 'timeout' | 'refused';

/** What a tool-call decision says beyond any decision: the tool, what it was asked, what came back. */
export interface ToolCallFacts {
  tool: string;
  /** The arguments with personal data masked (the client masks them before they are recorded). */
  arguments: unknown;
  resultBytes: number;
  /** `CODE: message` when the call failed, timed out or was refused. */
  error?: string;
}

export interface DecisionRecord {
  id: string;
  requestId: string;
  conversationId: string;
  agent: string;
  kind: DecisionKind;
  /** A step's outcome (`pass`, `route:triage`, …); a tool call's is `ok`, `error`, `timeout` or `refused`. */
  outcome: string;
  /** A tool call is an observed fact, not a judgement: always 1. */
  confidence: number;
  /** A step's reasons; for a tool call, one line naming the tool, its arguments and its answer or error. */
  reasons: string[];
  durationMs: number;
  at: string;
  /** Model tokens and cost of the step; absent (zero) when it asked no model, and on tool calls. */
  usage?: {
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    models: string[];
    fallbacks: string[];
  };
  /** Present on tool calls only. */
  toolCall?: ToolCallFacts;
}

/** An agent step as the graph records it. */
export type StepRecord = Omit<DecisionRecord, 'kind' | 'toolCall'>;

/** A tool call as the tool client records it. */
export interface ToolCallRecord extends ToolCallFacts {
  id: string;
  requestId: string;
  conversationId: string;
  agent: string;
  outcome: ToolCallOutcome;
  durationMs: number;
  at: string;
}

/** Tokens and cost summed over decisions, with how many steps they span. */
export interface UsageTotals {
  steps: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

interface DecisionRow {
  id: string;
  request_id: string;
  conversation_id: string;
  agent: string;
  kind: DecisionKind;
  outcome: string;
  confidence: number;
  reasons: string[];
  duration_ms: number;
  created_at: Date;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string | number;
  models: string[];
  fallbacks: string[];
  tool: string | null;
  arguments: unknown;
  result_bytes: number | null;
  error: string | null;
}

interface TotalsRow {
  key: string;
  steps: string | number;
  input_tokens: string | number | null;
  output_tokens: string | number | null;
  cost_usd: string | number | null;
}

const totalsOf = (row: TotalsRow): UsageTotals => ({
  steps: Number(row.steps),
  inputTokens: Number(row.input_tokens ?? 0),
  outputTokens: Number(row.output_tokens ?? 0),
  costUsd: Number(row.cost_usd ?? 0),
});

/** The one line a person reads for a tool call: what was asked, and what came back or went wrong. */
function toolCallLine(facts: ToolCallFacts): string {
  const args = JSON.stringify(facts.arguments ?? {});
  const asked = `${facts.tool} ${args.length > 200 ? `${args.slice(0, 199)}…` : args}`;
  return facts.error ? `${asked}: ${facts.error}` : `${asked}: ${facts.resultBytes} bytes`;
}

function decisionOf(row: DecisionRow): DecisionRecord {
  const common = {
    id: row.id,
    requestId: row.request_id,
    conversationId: row.conversation_id,
    agent: row.agent,
    kind: row.kind,
    outcome: row.outcome,
    confidence: Number(row.confidence),
    durationMs: Number(row.duration_ms),
    at: iso(row.created_at)!,
  };
  if (row.kind === 'tool_call') {
    const toolCall: ToolCallFacts = {
      tool: row.tool!,
      arguments: row.arguments ?? {},
      resultBytes: Number(row.result_bytes ?? 0),
      ...(row.error ? { error: row.error } : {}),
    };
    return { ...common, reasons: [toolCallLine(toolCall)], toolCall };
  }
  return {
    ...common,
    reasons: row.reasons,
    ...(row.models.length > 0 || row.fallbacks.length > 0 || Number(row.input_tokens) > 0
      ? {
          usage: {
            inputTokens: Number(row.input_tokens),
            outputTokens: Number(row.output_tokens),
            costUsd: Number(row.cost_usd),
            models: row.models,
            fallbacks: row.fallbacks,
          },
        }
      : {}),
  };
}

export class DecisionRepository {
  constructor(private readonly db: Database) {}

  async insert(tenantId: string, decision: StepRecord, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO decisions (tenant_id, id, request_id, conversation_id, agent, outcome, confidence, reasons,
         duration_ms, created_at, input_tokens, output_tokens, cost_usd, models, fallbacks)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [
        tenantId,
        decision.id,
        decision.requestId,
        decision.conversationId,
        decision.agent,
        decision.outcome,
        decision.confidence,
        JSON.stringify(decision.reasons),
        decision.durationMs,
        decision.at,
        decision.usage?.inputTokens ?? 0,
        decision.usage?.outputTokens ?? 0,
        decision.usage?.costUsd ?? 0,
        JSON.stringify(decision.usage?.models ?? []),
        JSON.stringify(decision.usage?.fallbacks ?? []),
      ],
    );
  }

  async insertToolCall(tenantId: string, call: ToolCallRecord, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO decisions (tenant_id, id, request_id, conversation_id, agent, kind, outcome, confidence,
         duration_ms, created_at, tool, arguments, result_bytes, error)
       VALUES ($1, $2, $3, $4, $5, 'tool_call', $6, 1, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [
        tenantId,
        call.id,
        call.requestId,
        call.conversationId,
        call.agent,
        call.outcome,
        call.durationMs,
        call.at,
        call.tool,
        JSON.stringify(call.arguments ?? {}),
        call.resultBytes,
        call.error ?? null,
      ],
    );
  }

  /**
   * A conversation's decisions, oldest first: every kind, or only steps or only tool calls. A step's tool
   * calls end before it decides, so within one instant calls come first: they are stored in one statement
   * with the step's decision, whose rows are not numbered in the order they are written.
   */
  async byConversation(
    tenantId: string,
    conversationId: string,
    kind?: DecisionKind,
  ): Promise<DecisionRecord[]> {
    const rows = await this.db.query<DecisionRow>(
      `SELECT * FROM decisions WHERE tenant_id = $1 AND conversation_id = $2 AND ($3::text IS NULL OR kind = $3)
       ORDER BY created_at, kind = 'step', seq`,
      [tenantId, conversationId, kind ?? null],
    );
    return rows.map(decisionOf);
  }

  /** One request's decisions (its steps and tool calls), in the order `byConversation` gives them. */
  async byRequest(tenantId: string, requestId: string): Promise<DecisionRecord[]> {
    const rows = await this.db.query<DecisionRow>(
      `SELECT * FROM decisions WHERE tenant_id = $1 AND request_id = $2 ORDER BY created_at, kind = 'step', seq`,
      [tenantId, requestId],
    );
    return rows.map(decisionOf);
  }

  /** Model tokens and cost of one request, summed over its steps. */
  async usageOfRequest(tenantId: string, requestId: string): Promise<UsageTotals> {
    const [row] = await this.db.query<TotalsRow>(
      `SELECT '' AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions WHERE tenant_id = $1 AND request_id = $2 AND kind = 'step'`,
      [tenantId, requestId],
    );
    return totalsOf(row!);
  }

  /** Model tokens and cost per agent for the tenant since `since` (all time without it). */
  async usageByAgent(tenantId: string, since?: string): Promise<Record<string, UsageTotals>> {
    const rows = await this.db.query<TotalsRow>(
      `SELECT agent AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions
       WHERE tenant_id = $1 AND kind = 'step' AND ($2::timestamptz IS NULL OR created_at >= $2)
       GROUP BY agent ORDER BY agent`,
      [tenantId, since ?? null],
    );
    return Object.fromEntries(rows.map((row) => [row.key, totalsOf(row)]));
  }

  /** Model tokens and cost of the whole tenant since `since` (all time without it). */
  async usageOfTenant(tenantId: string, since?: string): Promise<UsageTotals> {
    const [row] = await this.db.query<TotalsRow>(
      `SELECT '' AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions
       WHERE tenant_id = $1 AND kind = 'step' AND ($2::timestamptz IS NULL OR created_at >= $2)`,
      [tenantId, since ?? null],
    );
    return totalsOf(row!);
  }
}
