// The graph's record of what happened, as a port: each decision, each approval, each reply sent. Everything
// here must be safe to repeat, because a node that was interrupted or crashed runs again from its start.
// The store-backed adapter lives with the runs (runs/journal.ts).
import type { ApprovalRequest } from './approval-types.js';
import type { StepDecision } from './reducers.js';

export interface RunIdentity {
  tenantId: string;
  requestId: string;
  customerId: string;
  conversationId: string;
}

export interface StepJournal {
  /**
   * Records an agent step's decision. It may be stored with the step's checkpoint rather than before this
   * resolves (the store's journal does so); it is stored by the time the run's stream has ended.
   */
  recordDecision(run: RunIdentity, decision: StepDecision): Promise<void>;
  /** Opens a pending approval for the request; repeating it with the same id changes nothing. */
  openApproval(run: RunIdentity, request: ApprovalRequest): Promise<void>;
  /** Stores a message the desk sent; repeating it with the same id changes nothing. */
  recordReply(run: RunIdentity, messageId: string, text: string): Promise<void>;
  /**
   * Tells the approver that the action they approved could not be performed: written on the approval, with
   * an `approval.action_failed` event for the dashboard and the team's channels. Repeating it changes nothing.
   */
  reportActionFailure(
    run: RunIdentity,
    failure: { approvalId: string; action: string; why: string },
  ): Promise<void>;
  /** The pending approval (its id) already proposing an action on this order, if any, on any thread. */
  pendingApprovalOnOrder(run: RunIdentity, orderId: string): Promise<string | undefined>;
}
