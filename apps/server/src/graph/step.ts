// Wraps an agent's work so every step is timed, recorded as a Decision (row + event) and added to state.
// An interrupt passes straight through: the step is recorded when it completes, after the person answers.
import { randomUUID } from 'node:crypto';
import { makeDecision, type AgentName } from '../domain/index.js';
import { timed } from '../observability/phases.js';
import type { ModelUsage, ReasoningContext } from '../reasoning/port.js';
import type { ToolCaller } from '../tools/registry.js';
import type { GraphDeps } from './deps.js';
import type { RunIdentity } from './journal.js';
import type { StepDecision, StepUsage } from './reducers.js';
import type { SupportStateUpdate, SupportStateValue } from './state.js';

export interface StepResult {
  update: SupportStateUpdate;
  outcome: string;
  confidence: number;
  reasons: string[];
}

export const runOf = (state: SupportStateValue): RunIdentity => ({
  tenantId: state.tenantId,
  requestId: state.requestId,
  customerId: state.customerId,
  conversationId: state.conversationId,
});

/**
 * The run as one agent acting in it, for its tool calls: the registry checks each call against that
 * agent's allow-list and records it as one of that agent's decisions. Research's parallel branches act as
 * `research`.
 */
export const callerOf = (state: SupportStateValue, agent: AgentName): RunIdentity & ToolCaller => ({
  ...runOf(state),
  agent,
});

export function agentStep(
  agent: AgentName,
  deps: GraphDeps,
  work: (state: SupportStateValue, reasoning: ReasoningContext) => Promise<StepResult>,
): (state: SupportStateValue) => Promise<SupportStateUpdate> {
  const step = async (state: SupportStateValue): Promise<SupportStateUpdate> => {
    const started = performance.now();
    const calls: ModelUsage[] = [];
    const reasoning: ReasoningContext = {
      tenantId: state.tenantId,
      requestId: state.requestId,
      agent,
      record: (usage) => calls.push(usage),
      ...(deps.onReplyText ? { onReplyText: (text: string) => deps.onReplyText?.(runOf(state), text) } : {}),
    };
    const result = await work(state, reasoning);
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const usage = calls.length > 0 ? sumUsage(calls) : undefined;
    // The domain constructor validates the decision (confidence in [0, 1], a known agent, …).
    const decision: StepDecision = {
      ...makeDecision({
        id: randomUUID(),
        agent,
        outcome: result.outcome,
        confidence: result.confidence,
        reasons: [...result.reasons, ...(usage?.fallbacks ?? [])].filter((reason) => reason !== ''),
        durationMs,
        at: deps.now(),
      }),
      ...(usage ? { usage } : {}),
    };
    await timed(deps.phases, 'decision record', () => deps.journal.recordDecision(runOf(state), decision));
    return {
      ...result.update,
      decisions: [decision],
      currentAgent: agent,
      updatedAt: decision.at,
      metrics: { [`${agent}_ms_avg`]: durationMs, [`${agent}_ms_count`]: 1, steps_count: 1 },
    };
  };
  const { phases } = deps;
  return phases ? (state) => timed(phases, 'agent steps', () => step(state)) : step;
}

/** One step's model calls summed: tokens and cost, who answered, and each fallback with its reason. */
export function sumUsage(calls: ModelUsage[]): StepUsage {
  const answered = calls.filter((call) => call.failure === undefined);
  return {
    inputTokens: calls.reduce((sum, call) => sum + call.inputTokens, 0),
    outputTokens: calls.reduce((sum, call) => sum + call.outputTokens, 0),
    costUsd: calls.reduce((sum, call) => sum + call.costUsd, 0),
    models: [...new Set(answered.map((call) => (call.cached ? `${call.model} (cached)` : call.model)))],
    fallbacks: calls.flatMap((call) => [
      ...(call.notes ?? []).map((note) => `${call.operation} on ${call.model}: ${note}`),
      ...(call.failure === undefined
        ? []
        : [`${call.operation} fell back from ${call.model}: ${call.failure}`]),
    ]),
  };
}

/** The text of the newest customer message in the thread. */
export function latestCustomerText(state: SupportStateValue): string {
  for (let i = state.messages.length - 1; i >= 0; i -= 1) {
    const message = state.messages[i];
    if (message?.getType() === 'human') return typeof message.content === 'string' ? message.content : '';
  }
  return '';
}
