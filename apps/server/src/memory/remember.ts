// Feeds the memory tiers from the desk's own events: every settled request notes its turn in session memory;
// a finished conversation is summarised into long-term memory and, if a person resolved it after an
// escalation, proposed as a draft help article. Runs as a background task, idempotent per request.
import { z } from 'zod';
import type { EventBus, GroupMember } from '../events/bus.js';
import type { Task, TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/index.js';
import type { ArticleDrafts } from '../knowledge/drafts.js';
import { learnFromResolution } from './learning.js';
import type { MemoryManager } from './manager.js';
import type { Interaction } from './session.js';

/** Outcomes after which nobody is waiting: the conversation is finished until the customer writes again. */
export const finishedOutcomes = new Set(['delivered', 'external', 'failed']);

export const rememberPayload = z.object({
  tenantId: z.string().min(1),
  customerId: z.string().min(1),
  conversationId: z.string().min(1),
  requestId: z.string().min(1),
  status: z.string().min(1),
});
export type RememberPayload = z.infer<typeof rememberPayload>;

export interface RememberDeps {
  db: Database;
  memory: MemoryManager;
  drafts: ArticleDrafts;
  logger?: Logger;
}

export function rememberTask(deps: RememberDeps): Task<RememberPayload> {
  return {
    name: 'memory.remember-request',
    payload: rememberPayload,
    attempts: 5,
    backoffMs: 1000,
    run: async (payload) => {
      await recordTurn(deps, payload);
      if (!finishedOutcomes.has(payload.status)) return;
      const memory = await deps.memory.longTerm.remember({
        tenantId: payload.tenantId,
        conversationId: payload.conversationId,
        requestId: payload.requestId,
        outcome: payload.status,
      });
      if (!memory) return;
      const draft = await learnFromResolution(
        { db: deps.db, drafts: deps.drafts },
        {
          tenantId: payload.tenantId,
          customerId: payload.customerId,
          conversationId: payload.conversationId,
          outcome: payload.status,
          summary: {
            summary: memory.summary,
            topics: memory.topics,
            ...(memory.resolution ? { resolution: memory.resolution } : {}),
          },
        },
      );
      if (draft)
        deps.logger?.info(
          { draftId: draft.id, conversationId: draft.conversationId },
          'help-article draft proposed',
        );
    },
  };
}

/** The request's customer message and reply go into the customer's recent interactions. */
async function recordTurn(deps: RememberDeps, payload: RememberPayload) {
  const rows = await deps.db.query<{ role: Interaction['role']; text: string; created_at: Date | string }>(
    `SELECT role, text, created_at FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND request_id = $3
     ORDER BY created_at, id`,
    [payload.tenantId, payload.conversationId, payload.requestId],
  );
  for (const row of rows) {
    await deps.memory.recordInteraction(payload.tenantId, payload.customerId, {
      at: new Date(row.created_at).toISOString(),
      conversationId: payload.conversationId,
      role: row.role,
      text: row.text,
    });
  }
}

/** Consumes settled requests from the bus as the `remember` group (one process per event, any process). */
export function rememberSettledRequests(
  bus: EventBus,
  queue: TaskQueue,
  task: Task<RememberPayload>,
): Promise<GroupMember> {
  return bus.consume('remember', 'system.analytics', async (event) => {
    if (event.type !== 'request.settled' || !event.customerId) return;
    const data = event.data as { conversationId?: unknown; status?: unknown };
    if (typeof data.conversationId !== 'string' || typeof data.status !== 'string') return;
    await queue.enqueue(
      task,
      {
        tenantId: event.tenantId,
        customerId: event.customerId,
        conversationId: data.conversationId,
        requestId: event.requestId,
        status: data.status,
      },
      // At-least-once delivery: the same event twice is one task.
      { jobId: `remember.${event.id}` },
    );
  });
}
