// The figures behind GET /v1/analytics, each one SQL aggregate over the tenant's records in a time range.
// Token and cost columns arrive with the reasoning migration; without them spend reads as zero.
import type { api } from '@frontdesk/contracts';
import { handOffReason } from '../domain/hand-off-reason.js';
import type { Database } from './database.js';

type Percentiles = { count: number; p50: number; p95: number; p99: number };

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const rate = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

export async function computeAnalytics(
  db: Database,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<api.Analytics> {
  const range = [tenantId, from.toISOString(), to.toISOString()];
  const inRange = 'tenant_id = $1 AND created_at >= $2 AND created_at < $3';

  const [conversations] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM conversations WHERE ${inRange}`,
    range,
  );
  const outcomes = await db.query<{ outcome: string | null; n: string }>(
    `SELECT outcome, count(*) AS n FROM requests WHERE ${inRange} GROUP BY outcome`,
    range,
  );
  const requests = outcomes.reduce((sum, row) => sum + num(row.n), 0);
  const byOutcome = Object.fromEntries(outcomes.map((row) => [row.outcome ?? 'in_progress', num(row.n)]));

  // Automated: delivered with no person involved. Handed off: any approval opened, or sent to a person.
  const [handling] = await db.query<{ automated: string; handed_off: string }>(
    `SELECT
       count(*) FILTER (WHERE r.outcome = 'delivered' AND NOT EXISTS
         (SELECT 1 FROM approvals a WHERE a.tenant_id = r.tenant_id AND a.request_id = r.id)) AS automated,
       count(*) FILTER (WHERE r.outcome IN ('escalated', 'external') OR EXISTS
         (SELECT 1 FROM approvals a WHERE a.tenant_id = r.tenant_id AND a.request_id = r.id)) AS handed_off
     FROM requests r WHERE r.tenant_id = $1 AND r.created_at >= $2 AND r.created_at < $3`,
    range,
  );
  const reasonRows = await db.query<{ reason: string; n: string }>(
    `SELECT reason, count(*) AS n FROM approvals WHERE ${inRange} GROUP BY reason ORDER BY n DESC LIMIT 500`,
    range,
  );
  const reasons = handOffCategories(reasonRows.map((row) => ({ reason: row.reason, count: num(row.n) })));

  const [waits] = await db.query<Record<string, string | null>>(
    `SELECT count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
            count(*) FILTER (WHERE status = 'pending') AS pending,
            avg(extract(epoch FROM answered_at - created_at)) AS mean,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at)) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at)) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at)) AS p99
     FROM approvals WHERE ${inRange}`,
    range,
  );

  const latency = await db.query<{ agent: string; n: string; p50: number; p95: number; p99: number }>(
    `SELECT agent, count(*) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
     FROM decisions WHERE ${inRange} AND kind = 'step' GROUP BY agent ORDER BY agent`,
    range,
  );
  const latencyMsByAgent: Record<string, Percentiles> = Object.fromEntries(
    latency.map((row) => [
      row.agent,
      { count: num(row.n), p50: num(row.p50), p95: num(row.p95), p99: num(row.p99) },
    ]),
  );

  const spendColumns = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_name = 'decisions' AND column_name IN ('input_tokens', 'output_tokens', 'cost_usd')`,
  );
  const recorded = spendColumns.length === 3;
  const [spend] = recorded
    ? await db.query<{ input_tokens: string; output_tokens: string; cost_usd: string }>(
        `SELECT sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
         FROM decisions WHERE ${inRange}`,
        range,
      )
    : [];

  const [csat] = await db.query<{ n: string; average: string | null }>(
    `SELECT count(*) AS n, avg(score) AS average FROM csat_ratings WHERE ${inRange}`,
    range,
  );

  const answered = num(waits?.answered);
  return {
    range: { from: from.toISOString(), to: to.toISOString() },
    volumes: { conversations: num(conversations?.n), requests, byOutcome },
    automatedResolutionRate: rate(num(handling?.automated), requests),
    handoff: {
      rate: rate(num(handling?.handed_off), requests),
      reasons: Object.fromEntries(reasons.map((row) => [row.category, row.count])),
      amounts: Object.fromEntries(reasons.map((row) => [row.category, row.amounts])),
    },
    approvals: {
      answered,
      pending: num(waits?.pending),
      waitSeconds: {
        count: answered,
        mean: num(waits?.mean),
        p50: num(waits?.p50),
        p95: num(waits?.p95),
        p99: num(waits?.p99),
      },
    },
    latencyMsByAgent,
    spend: {
      inputTokens: num(spend?.input_tokens),
      outputTokens: num(spend?.output_tokens),
      costUsd: num(spend?.cost_usd),
      recorded,
    },
    csat: {
      responses: num(csat?.n),
      average:
        csat?.average === null || csat?.average === undefined
          ? null
          : Math.round(Number(csat.average) * 100) / 100,
    },
  };
}

/**
 * Hand-off reasons folded into categories ("refund is over the limit", whatever the amount), the 20 most
 * frequent, each with the amounts its reasons named as details.
 */
function handOffCategories(rows: Array<{ reason: string; count: number }>) {
  const byCategory = new Map<string, { category: string; count: number; amounts: string[] }>();
  for (const { reason, count } of rows) {
    const { category, amount } = handOffReason(reason);
    const entry = byCategory.get(category) ?? { category, count: 0, amounts: [] };
    entry.count += count;
    if (amount && !entry.amounts.includes(amount) && entry.amounts.length < 10) entry.amounts.push(amount);
    byCategory.set(category, entry);
  }
  return [...byCategory.values()].sort((a, b) => b.count - a.count).slice(0, 20);
}
