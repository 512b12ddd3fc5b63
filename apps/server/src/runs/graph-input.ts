// What the desk feeds the graph: a new customer message, or a Command that resumes or redirects a thread.
import { HumanMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import type { RequestRecord } from '../store/index.js';
import type { SupportGraph } from '../graph/build.js';

export type GraphInput = Parameters<SupportGraph['invoke']>[0];

/** A Command as graph input; LangGraph types Command by node names, which these never need checked. */
export const commandInput = (params: {
  resume?: unknown;
  update?: Record<string, unknown>;
  goto?: string[];
}): GraphInput => new Command(params) as unknown as GraphInput;

/** Resumes a thread paused on a person with their answer. */
export const resumeWith = (answer: unknown): GraphInput => commandInput({ resume: answer });

/** The first input of a request: the customer's message and who it is from. */
export const startInput = (tenantId: string, request: RequestRecord): GraphInput => ({
  messages: [new HumanMessage({ id: request.id, content: request.text })],
  tenantId,
  requestId: request.id,
  customerId: request.customerId,
  conversationId: request.conversationId,
});

/** The config that addresses a thread's latest checkpoint. */
export const threadConfig = (threadId: string) => ({ configurable: { thread_id: threadId } });
