// A Decision records what one agent (or person) decided about a request, how sure it was and why: the audit
// trail the supervising humans read.
import { z } from 'zod';
import { parseOrThrow } from './validation.js';

export const agentNames = [
  'supervisor',
  'triage',
  'research',
  'solution',
  'quality',
  'escalation',
  'human_review',
  'human_decision',
  'deliver',
  'external',
] as const;
export type AgentName = (typeof agentNames)[number];

export const decisionSchema = z.object({
  id: z.string().min(1),
  agent: z.enum(agentNames),
  outcome: z.string().min(1),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string().min(1)),
  durationMs: z.number().nonnegative().finite(),
  at: z.iso.datetime({ offset: true }),
});

export type Decision = Readonly<Omit<z.output<typeof decisionSchema>, 'reasons'>> & {
  readonly reasons: readonly string[];
};

export interface DecisionInput {
  readonly id: string;
  readonly agent: AgentName;
  readonly outcome: string;
  readonly confidence: number;
  readonly reasons?: readonly string[];
  readonly durationMs: number;
  /** A Date or an ISO 8601 string; the caller supplies it because the domain reads no clock. */
  readonly at: Date | string;
}

/** Throws VALIDATION_FAILED when a field is out of range (confidence outside [0, 1], negative duration...). */
export const makeDecision = (input: DecisionInput): Decision => {
  const at =
    input.at instanceof Date && !Number.isNaN(input.at.getTime()) ? input.at.toISOString() : input.at;
  const decision = parseOrThrow(
    decisionSchema,
    { ...input, at, reasons: [...(input.reasons ?? [])] },
    'decision',
  );
  return Object.freeze({ ...decision, reasons: Object.freeze(decision.reasons) });
};
