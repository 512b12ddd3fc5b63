// Assembles the six-agent support graph (plus the human and delivery steps, and the account changes a
// customer confirms in the conversation) and compiles it with a checkpointer, so every step is durable and
// any process can resume a thread.
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import {
  END,
  isGraphBubbleUp,
  isGraphInterrupt,
  START,
  StateGraph,
  type LangGraphRunnableConfig,
  type RetryPolicy,
} from '@langchain/langgraph';
import { isDeskError } from '../errors.js';
import { inSpan } from '../observability/tracing.js';
import type { GraphDeps } from './deps.js';
import { accountChangeNode } from './nodes/account-change.js';
import { changeApprovalNode } from './nodes/change-approval.js';
import { deliverNode } from './nodes/deliver.js';
import { escalationNode } from './nodes/escalation.js';
import { externalNode } from './nodes/external.js';
import { humanDecisionNode } from './nodes/human-decision.js';
import { humanReviewNode } from './nodes/human-review.js';
import { proposeChangeNode } from './nodes/propose-change.js';
import { qualityNode } from './nodes/quality.js';
import { readAnswerNode } from './nodes/read-answer.js';
import {
  researchCustomer,
  researchFanOut,
  researchHistory,
  researchKnowledge,
  researchNode,
  researchReviewNode,
} from './nodes/research.js';
import { solutionNode } from './nodes/solution.js';
import { researchSpecialists, specialistsSynthesis } from './nodes/specialists.js';
import { supervisorNode } from './nodes/supervisor.js';
import { triageNode } from './nodes/triage.js';
import {
  afterAccountChange,
  afterHumanDecision,
  afterHumanReview,
  afterQuality,
  afterReadAnswer,
  afterResearch,
  afterSupervisor,
  afterSynthesis,
  afterTriage,
} from './routing.js';
import { NODE_PROGRESS, type NodeProgress } from './progress.js';
import { SupportState } from './state.js';

/** Transient failures (a dropped connection, a timeout) are retried with backoff; bad input is not. */
export const nodeRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialInterval: 100,
  backoffFactor: 2,
  maxInterval: 2_000,
  jitter: true,
  logWarning: false,
  retryOn: (error: unknown) => !(isDeskError(error) && error.status < 500),
};

/**
 * A node's work as one span, a child of the run's span, so a trace shows each step with the tool and model
 * calls it made beneath it. Waiting for a person (an interrupt) ends the span without marking an error. The
 * run hears when the node starts and finishes (NODE_PROGRESS), if it asked to.
 */
function traced<State, Result>(
  name: string,
  node: (state: State, config: LangGraphRunnableConfig) => Result,
) {
  return (state: State, config: LangGraphRunnableConfig): Promise<Awaited<Result>> => {
    const progress = config?.configurable?.[NODE_PROGRESS] as NodeProgress | undefined;
    progress?.started(name);
    return inSpan(
      `graph.node ${name}`,
      { attributes: { 'frontdesk.graph.node': name }, expected: isGraphBubbleUp },
      async (): Promise<Awaited<Result>> => {
        try {
          const result = await node(state, config);
          progress?.finished(name, false);
          return result;
        } catch (error) {
          progress?.finished(name, isGraphInterrupt(error));
          throw error;
        }
      },
    );
  };
}

export function buildSupportGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver) {
  const retryPolicy = nodeRetryPolicy;
  return (
    new StateGraph(SupportState)
      .addNode('supervisor', traced('supervisor', supervisorNode(deps)), { retryPolicy })
      .addNode('triage', traced('triage', triageNode(deps)), { retryPolicy })
      .addNode('research', traced('research', researchNode(deps)), { retryPolicy })
      .addNode('research_knowledge', traced('research_knowledge', researchKnowledge(deps)), { retryPolicy })
      .addNode('research_customer', traced('research_customer', researchCustomer(deps)), { retryPolicy })
      .addNode('research_history', traced('research_history', researchHistory(deps)), { retryPolicy })
      .addNode('research_specialists', traced('research_specialists', researchSpecialists(deps)), {
        retryPolicy,
      })
      .addNode('research_review', traced('research_review', researchReviewNode(deps)), { retryPolicy })
      .addNode('solution', traced('solution', solutionNode(deps)), { retryPolicy })
      // The solution step folds the specialists' lines into its own draft now; this step is kept for threads an
      // earlier release checkpointed between the two, which resume here. Nothing else routes to it.
      .addNode('specialists_synthesis', traced('specialists_synthesis', specialistsSynthesis()))
      .addNode('quality', traced('quality', qualityNode(deps)), { retryPolicy })
      .addNode('human_review', traced('human_review', humanReviewNode(deps)), { retryPolicy })
      .addNode('escalation', traced('escalation', escalationNode(deps)), { retryPolicy })
      .addNode('human_decision', traced('human_decision', humanDecisionNode(deps)), { retryPolicy })
      .addNode('deliver', traced('deliver', deliverNode(deps)), { retryPolicy })
      .addNode('external', traced('external', externalNode(deps)), { retryPolicy })
      // A change stated to the customer: proposed with the reply, carried out on their answer.
      .addNode('propose_change', traced('propose_change', proposeChangeNode(deps)), { retryPolicy })
      .addNode('read_answer', traced('read_answer', readAnswerNode(deps)), { retryPolicy })
      .addNode('account_change', traced('account_change', accountChangeNode(deps)), { retryPolicy })
      .addNode('change_approval', traced('change_approval', changeApprovalNode(deps)), { retryPolicy })
      .addEdge(START, 'supervisor')
      .addConditionalEdges('supervisor', afterSupervisor, ['read_answer', 'triage'])
      .addConditionalEdges('read_answer', afterReadAnswer, ['account_change', 'triage'])
      // Research's sources and the specialist skills, all in parallel, started by triage: node names, so each
      // reads the state as triage left it (a Send would carry a copy of the whole state in the checkpoint, four
      // times). `research` is listed only so the graph keeps that step for threads checkpointed before it (see
      // researchNode): afterTriage never picks it, and LangGraph refuses a step no edge can reach.
      .addConditionalEdges('triage', afterTriage, ['research', ...researchFanOut, 'solution', 'escalation'])
      .addEdge('research', 'research_knowledge')
      .addEdge('research', 'research_customer')
      .addEdge('research', 'research_history')
      .addEdge('research', 'research_specialists')
      .addEdge([...researchFanOut], 'research_review')
      .addConditionalEdges('research_review', afterResearch, ['solution', 'escalation'])
      // `specialists_synthesis` is listed only so the graph keeps that step (see above): afterSynthesis never
      // picks it, and LangGraph refuses a step no edge can reach.
      .addConditionalEdges('solution', afterSynthesis, ['propose_change', 'quality', 'specialists_synthesis'])
      .addConditionalEdges('specialists_synthesis', afterSynthesis, ['propose_change', 'quality'])
      .addEdge('propose_change', 'quality')
      .addConditionalEdges('quality', afterQuality, ['deliver', 'human_review'])
      .addConditionalEdges('human_review', afterHumanReview, ['solution', 'deliver'])
      .addEdge('escalation', 'human_decision')
      .addConditionalEdges('human_decision', afterHumanDecision, ['solution', 'external'])
      .addEdge('deliver', END)
      .addEdge('external', END)
      .addConditionalEdges('account_change', afterAccountChange, ['change_approval', END])
      .addEdge('change_approval', 'account_change')
      .compile({ checkpointer })
  );
}

export type SupportGraph = ReturnType<typeof buildSupportGraph>;
