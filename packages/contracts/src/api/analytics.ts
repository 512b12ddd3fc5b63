// Analytics over a time range: volumes, automation, handoffs, approval waits, agent latency, spend, CSAT.
import { z } from 'zod';
import { isoDateTime } from './common.js';

export const analyticsQuerySchema = z.strictObject({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

const percentiles = z.object({ count: z.number(), p50: z.number(), p95: z.number(), p99: z.number() });

export const analyticsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  volumes: z.object({
    conversations: z.number(),
    requests: z.number(),
    byOutcome: z.record(z.string(), z.number()),
  }),
  automatedResolutionRate: z.number(),
  handoff: z.object({
    rate: z.number(),
    /** Hand-off reasons as categories (amounts taken out), with how often each came up. */
    reasons: z.record(z.string(), z.number()),
    /** The amounts each category's reasons named (a detail, up to 10 per category). */
    amounts: z.record(z.string(), z.array(z.string())).optional(),
  }),
  approvals: z.object({
    answered: z.number(),
    pending: z.number(),
    waitSeconds: percentiles.extend({ mean: z.number() }),
  }),
  latencyMsByAgent: z.record(z.string(), percentiles),
  spend: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    costUsd: z.number(),
    recorded: z.boolean(),
  }),
  csat: z.object({ responses: z.number(), average: z.number().nullable() }),
});
export type Analytics = z.infer<typeof analyticsSchema>;
