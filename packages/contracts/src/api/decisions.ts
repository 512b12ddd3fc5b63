// Decisions: every agent step of a conversation and every tool call an agent made during one, as the
// timeline (`GET /v1/threads/:id/decisions`) and an approval in full list them, oldest first.
import { z } from 'zod';

/** A step is one agent's turn in the graph; a tool call is one call that agent made to a tool. */
export const decisionKinds = ['step', 'tool_call'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

/** How a tool call ended; `refused` means the tool (or the allow-list) said no without doing anything. */
export const toolCallOutcomes = ['ok', 'error', 'timeout', 'refused'] as const;
export type ToolCallOutcome = (typeof toolCallOutcomes)[number];

/** What a tool call asked and what came back. */
export const toolCallSchema = z.object({
  /** Namespaced `server.tool`, e.g. `crm.cancel_order`. */
  tool: z.string(),
  /** The arguments with personal data masked before they were recorded (`***`). */
  arguments: z.unknown(),
  /** Size of the tool's answer in bytes (0 when it failed). */
  resultBytes: z.number().int().min(0),
  /** `CODE: message` when the call failed, timed out or was refused. */
  error: z.string().optional(),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const decisionUsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  models: z.array(z.string()),
  fallbacks: z.array(z.string()),
});

export const decisionSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  conversationId: z.string(),
  agent: z.string(),
  kind: z.enum(decisionKinds),
  /** A step's outcome (`pass`, `route:triage`, …); a tool call's is one of `toolCallOutcomes`. */
  outcome: z.string(),
  /** The agent's own estimate in [0, 1]; a tool call is an observed fact, always 1. */
  confidence: z.number(),
  /** A step's reasons; for a tool call, one line naming the tool, its arguments and its answer or error. */
  reasons: z.array(z.string()),
  durationMs: z.number(),
  at: z.string(),
  /** Model tokens and cost of a step that asked a model; never on tool calls. */
  usage: decisionUsageSchema.optional(),
  /** Present on tool calls only. */
  toolCall: toolCallSchema.optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const threadDecisionsSchema = z.object({ decisions: z.array(decisionSchema) });
