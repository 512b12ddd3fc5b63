// Every agent step's decision: who decided what, how sure, why, and how long it took.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface DecisionRecord {
  id: string;
  requestId: string;
  conversationId: string;
  agent: string;
  outcome: string;
  confidence: number;
  reasons: string[];
  durationMs: number;
  at: string;
  /** Model tokens and cost of the step; absent (zero) when it asked no model. */
  usage?: {
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    models: string[];
    fallbacks: string[];
  };
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

export class DecisionRepository {
  constructor(private readonly db: Database) {}

  async insert(tenantId: string, decision: DecisionRecord, q: Queryable = this.db): Promise<void> {
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

  async byConversation(tenantId: string, conversationId: string): Promise<DecisionRecord[]> {
    const rows = await this.db.query<DecisionRow>(
      'SELECT * FROM decisions WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at, id',
      [tenantId, conversationId],
    );
    return rows.map((row) => ({
      id: row.id,
      requestId: row.request_id,
      conversationId: row.conversation_id,
      agent: row.agent,
      outcome: row.outcome,
      confidence: Number(row.confidence),
      reasons: row.reasons,
      durationMs: Number(row.duration_ms),
      at: iso(row.created_at)!,
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
    }));
  }

  /** Model tokens and cost of one request, summed over its steps. */
  async usageOfRequest(tenantId: string, requestId: string): Promise<UsageTotals> {
    const [row] = await this.db.query<TotalsRow>(
      `SELECT '' AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions WHERE tenant_id = $1 AND request_id = $2`,
      [tenantId, requestId],
    );
    return totalsOf(row!);
  }

  /** Model tokens and cost per agent for the tenant since `since` (all time without it). */
  async usageByAgent(tenantId: string, since?: string): Promise<Record<string, UsageTotals>> {
    const rows = await this.db.query<TotalsRow>(
      `SELECT agent AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions
       WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) GROUP BY agent ORDER BY agent`,
      [tenantId, since ?? null],
    );
    return Object.fromEntries(rows.map((row) => [row.key, totalsOf(row)]));
  }

  /** Model tokens and cost of the whole tenant since `since` (all time without it). */
  async usageOfTenant(tenantId: string, since?: string): Promise<UsageTotals> {
    const [row] = await this.db.query<TotalsRow>(
      `SELECT '' AS key, count(*) AS steps, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cost_usd) AS cost_usd FROM decisions
       WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)`,
      [tenantId, since ?? null],
    );
    return totalsOf(row!);
  }
}
