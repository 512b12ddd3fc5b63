// The analytics MCP server: named, parameterised queries over what the desk records (requests, decisions,
// approvals, actions, tool calls, tickets). No free SQL: each name maps to one fixed statement.
import { api } from '@frontdesk/contracts';
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import { computeAnalytics } from '../../store/index.js';
import { defineTool, type DeskTool } from '../mcp/define.js';
import type { ServerDeps } from './deps.js';

interface NamedQuery {
  description: string;
  sql: string;
}

// $1 tenant, $2 from, $3 to, $4 agent (or null): every query takes the same four parameters.
const queries = {
  request_volume: {
    description: 'Requests per day in the range.',
    sql: `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, count(*)::int AS requests
          FROM requests WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1 ORDER BY 1`,
  },
  outcomes: {
    description: 'How requests ended (delivered, awaiting approval, escalated, external), with shares.',
    sql: `SELECT COALESCE(outcome, run_status) AS outcome, count(*)::int AS requests,
            round(count(*) * 1.0 / sum(count(*)) OVER (), 4)::float AS share
          FROM requests WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1 ORDER BY 2 DESC, 1`,
  },
  handoff_reasons: {
    description: 'Why the desk asked a person, by reason.',
    sql: `SELECT kind, reason, count(*)::int AS approvals FROM approvals
          WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
  },
  approval_wait: {
    description:
      'How long approvals waited for a person, in minutes (answered ones), and how many still wait.',
    sql: `SELECT kind, count(answered_at)::int AS answered, count(*) FILTER (WHERE status = 'pending')::int AS pending,
            round(COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 60), 0)::numeric, 2)::float AS p50_minutes,
            round(COALESCE(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 60), 0)::numeric, 2)::float AS p95_minutes
          FROM approvals WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1 ORDER BY 1`,
  },
  agent_latency: {
    description: 'Steps and p50/p95 latency per agent in milliseconds (optionally one agent).',
    sql: `SELECT agent, count(*)::int AS steps,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::numeric, 3)::float AS p50_ms,
            round(percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::numeric, 3)::float AS p95_ms
          FROM decisions WHERE tenant_id = $1 AND kind = 'step' AND created_at >= $2 AND created_at < $3
            AND ($4::text IS NULL OR agent = $4)
          GROUP BY 1 ORDER BY 1`,
  },
  actions_performed: {
    description:
      'Actions performed (refunds, cancellations, credits, tickets...) and how many were reversed.',
    sql: `SELECT kind, count(*)::int AS performed, count(reversed_at)::int AS reversed FROM actions
          WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1 ORDER BY 2 DESC, 1`,
  },
  tool_usage: {
    description: 'Tool calls by tool and outcome, with p95 duration (optionally for one agent or skill).',
    sql: `SELECT tool, outcome, count(*)::int AS calls,
            round(percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::numeric, 3)::float AS p95_ms
          FROM decisions WHERE tenant_id = $1 AND kind = 'tool_call' AND created_at >= $2 AND created_at < $3
            AND ($4::text IS NULL OR agent = $4)
          GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  },
  open_tickets: {
    description: 'Tickets not yet solved, by status and priority.',
    sql: `SELECT status, priority, count(*)::int AS tickets FROM tickets
          WHERE tenant_id = $1 AND status IN ('open', 'pending') AND created_at >= $2 AND created_at < $3
            AND ($4::text IS NULL OR $4 = $4)
          GROUP BY 1, 2 ORDER BY 2 DESC, 1`,
  },
} as const satisfies Record<string, NamedQuery>;

export const analyticsQueryNames = Object.keys(queries) as [
  keyof typeof queries,
  ...(keyof typeof queries)[],
];

const managers = ['approver', 'admin'] as const;
const DAY_MS = 86_400_000;

export function analyticsTools(deps: ServerDeps): DeskTool[] {
  return [
    defineTool({
      name: 'dashboard_summary',
      title: 'Dashboard summary',
      description:
        'The figures the admin dashboard shows for a time range (default: the last 30 days): volumes, ' +
        'automated-resolution and handoff rates with reasons, approval waits, agent latency, spend and CSAT.',
      access: 'read',
      roles: managers,
      input: {
        from: z.iso
          .datetime({ offset: true })
          .optional()
          .describe('start of the range (inclusive), ISO 8601'),
        to: z.iso.datetime({ offset: true }).optional().describe('end of the range (exclusive), ISO 8601'),
      },
      output: api.analyticsSchema.shape,
      handler: async ({ from, to }, context) => {
        const end = to ? new Date(to) : new Date();
        const start = from ? new Date(from) : new Date(end.getTime() - 30 * DAY_MS);
        if (start >= end) {
          throw new DeskError('VALIDATION_FAILED', '`from` must be before `to`', { field: 'from' });
        }
        return computeAnalytics(deps.db, context.tenantId, start, end);
      },
    }),
    defineTool({
      name: 'list_queries',
      title: 'List analytics queries',
      description: 'List the named analytics queries and what each answers.',
      access: 'read',
      roles: managers,
      input: {},
      output: { queries: z.array(z.object({ name: z.string(), description: z.string() })) },
      handler: () =>
        Promise.resolve({
          queries: Object.entries(queries).map(([name, query]) => ({ name, description: query.description })),
        }),
    }),
    defineTool({
      name: 'run_query',
      title: 'Run an analytics query',
      description: 'Run one named analytics query over a time range (default: the last 30 days).',
      access: 'read',
      roles: managers,
      input: {
        query: z.enum(analyticsQueryNames),
        from: z.iso
          .datetime({ offset: true })
          .optional()
          .describe('start of the range (inclusive), ISO 8601'),
        to: z.iso.datetime({ offset: true }).optional().describe('end of the range (exclusive), ISO 8601'),
        agent: z.string().min(1).max(100).optional().describe('only this agent (agent_latency, tool_usage)'),
      },
      output: {
        query: z.string(),
        from: z.string(),
        to: z.string(),
        rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
      },
      handler: async ({ query, from, to, agent }, context) => {
        const end = to ? new Date(to) : new Date(Date.now() + 60_000);
        const start = from ? new Date(from) : new Date(end.getTime() - 30 * DAY_MS);
        const rows = await deps.db.query<Record<string, string | number | null>>(queries[query].sql, [
          context.tenantId,
          start.toISOString(),
          end.toISOString(),
          agent ?? null,
        ]);
        return { query, from: start.toISOString(), to: end.toISOString(), rows };
      },
    }),
  ];
}
