// The graph's journal on the store: each decision with its `agent.actions` event, each approval with its
// `human.approvals` event, each reply with its `notifications.outbound` event, each pair written together
// (one statement, atomic like a transaction). A decision goes in the statement that stores its step's
// checkpoint, so an agent step costs no round trip of its own.
import type {
  ApprovalRepository,
  Database,
  DecisionRepository,
  GroupedWrites,
  OutboxRepository,
  Queryable,
} from '../store/index.js';
import { writeAgentReply, writeTogether } from '../store/index.js';
import { makeEvent } from '../events/envelope.js';
import type { ApprovalRequest } from '../graph/approval-types.js';
import type { RunIdentity, StepJournal } from '../graph/journal.js';
import type { StepDecision } from '../graph/reducers.js';
import { heldByPerson } from './hold.js';

export class StoreJournal implements StepJournal {
  constructor(
    private readonly db: Database,
    private readonly stores: {
      decisions: DecisionRepository;
      approvals: ApprovalRepository;
      outbox: OutboxRepository;
      trail: GroupedWrites;
    },
    /** Told when a decision could not be stored (its step is then run again: see recordDecision). */
    private readonly onError: (error: unknown, decision: StepDecision) => void = () => undefined,
    /** Resolves once the thread's checkpoints being stored now are stored (the checkpoint saver's). */
    private readonly checkpointsStored: (threadId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Holds the decision back for the statement that stores the step's checkpoint (the checkpoint saver carries
   * the conversation's held trail writes), so the step does not wait for it. If that statement fails, the
   * decision is sent on its own; either way a step whose checkpoint was not stored runs again and decides
   * again, so the trail never lacks a step the thread has taken.
   */
  recordDecision(run: RunIdentity, decision: StepDecision): Promise<void> {
    this.stores.trail
      .writeLater(run.conversationId, (tx) => this.writeDecision(run, decision, tx))
      .catch((error: unknown) => this.onError(error, decision));
    return Promise.resolve();
  }

  private async writeDecision(run: RunIdentity, decision: StepDecision, tx: Queryable): Promise<void> {
    await this.stores.decisions.insert(
      run.tenantId,
      {
        ...decision,
        reasons: [...decision.reasons],
        requestId: run.requestId,
        conversationId: run.conversationId,
      },
      tx,
    );
    await this.stores.outbox.append(
      makeEvent(run, 'agent.actions', 'agent.decided', {
        conversationId: run.conversationId,
        decisionId: decision.id,
        agent: decision.agent,
        outcome: decision.outcome,
        confidence: decision.confidence,
        reasons: decision.reasons,
        durationMs: decision.durationMs,
        ...(decision.usage ? { usage: decision.usage } : {}),
      }),
      tx,
      { conversationId: run.conversationId },
    );
  }

  async openApproval(run: RunIdentity, request: ApprovalRequest): Promise<void> {
    // The state that proposed the approval (its draft, the articles it cites) was written by an earlier step,
    // whose checkpoint may still be on its way (asynchronous durability): whoever opens the approval as soon
    // as it is listed reads that state, so it is stored first.
    await this.checkpointsStored(run.conversationId);
    await writeTogether(this.db, async (tx) => {
      await this.stores.approvals.create(
        run.tenantId,
        {
          id: request.approvalId,
          conversationId: run.conversationId,
          requestId: run.requestId,
          customerId: run.customerId,
          kind: request.kind,
          reason: request.reason,
          reasons: request.reasons,
          proposedAction: request.proposedAction ?? undefined,
          proposedReply: request.proposedReply ?? undefined,
          allowedRoles: request.allowedRoles,
          deadline: request.deadline,
        },
        tx,
      );
      await this.stores.outbox.append(
        makeEvent(
          run,
          'human.approvals',
          'approval.requested',
          {
            approvalId: request.approvalId,
            conversationId: run.conversationId,
            kind: request.kind,
            reason: request.reason,
            allowedRoles: request.allowedRoles,
            deadline: request.deadline,
          },
          `approval.requested:${request.approvalId}`,
        ),
        tx,
      );
    });
  }

  async reportActionFailure(
    run: RunIdentity,
    failure: { approvalId: string; action: string; why: string },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (
        !(await this.stores.approvals.recordActionFailure(run.tenantId, failure.approvalId, failure.why, tx))
      )
        return;
      const data = { ...failure, conversationId: run.conversationId };
      // The dashboard's feed reads `human.approvals`; Slack and other channels take `notifications.outbound`.
      for (const topic of ['human.approvals', 'notifications.outbound'] as const) {
        await this.stores.outbox.append(
          makeEvent(
            run,
            topic,
            'approval.action_failed',
            data,
            `approval.action_failed:${topic}:${failure.approvalId}`,
          ),
          tx,
        );
      }
    });
  }

  async pendingApprovalOnOrder(run: RunIdentity, orderId: string): Promise<string | undefined> {
    return (await this.stores.approvals.pendingOnOrder(run.tenantId, orderId))?.id;
  }

  async recordReply(run: RunIdentity, messageId: string, text: string): Promise<void> {
    // Under the conversation's lock, in one statement: a person who claimed the thread first answers instead.
    const outcome = await writeAgentReply(this.db, this.stores.outbox, {
      tenantId: run.tenantId,
      conversationId: run.conversationId,
      requestId: run.requestId,
      messageId,
      text,
      event: makeEvent(
        run,
        'notifications.outbound',
        'reply.sent',
        { conversationId: run.conversationId, messageId, text },
        `reply.sent:${messageId}`,
      ),
    });
    if ('heldBy' in outcome) throw heldByPerson(run.conversationId, outcome.heldBy);
    if (!outcome.written) throw new Error(`No conversation ${run.conversationId} to reply on`);
  }
}
