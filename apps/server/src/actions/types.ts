// The shapes every safe action shares: what is asked, what the desk plans to change (stated in words before
// it happens), and what comes back.
import type { DeskRole } from '../domain/index.js';
import type { CustomerRecord, Queryable, Stores } from '../store/index.js';
import type { ActionPolicyContext } from './policy.js';

export const safeActionKinds = [
  'refund',
  'cancel_order',
  'change_address',
  'return_or_exchange',
  'goodwill_credit',
  'update_contact',
  'create_ticket',
  'hand_over',
] as const;
export type SafeActionKind = (typeof safeActionKinds)[number];

/** How a person proves the customer is who they say: answers only the account holder knows. */
export interface Verification {
  email: string;
  postcode: string;
}

export interface ActionCommand {
  kind: SafeActionKind;
  customerId: string;
  params: Record<string, unknown>;
  /** One key per action: the same key never performs twice, and returns the first result. */
  idempotencyKey: string;
  /** The token from the statement the customer confirmed; without it nothing changes. */
  confirmationToken?: string | undefined;
  verification?: Verification | undefined;
  /** Only state the change and policy's verdict (who must approve it); nothing is performed. */
  preview?: boolean | undefined;
  /**
   * The in-process desk only (ignored for anyone else, who approves as themselves): the person who
   * approved this change in the desk's own approval flow.
   */
  approvedBy?: ActionApprover | undefined;
}

/** A person who approved an action in the desk's approval flow, and the approval they answered. */
export interface ActionApprover {
  id: string;
  role: DeskRole;
  approvalId: string;
}

export type ActionStatus = 'needs_confirmation' | 'needs_approval' | 'performed' | 'already_performed';

export interface ActionOutcome {
  status: ActionStatus;
  kind: SafeActionKind;
  idempotencyKey: string;
  /** The exact change, in words the customer confirms. */
  statement: string;
  confirmationToken: string;
  /** Why a person must approve, and who may; empty when no person is needed. */
  approvalReasons: string[];
  allowedRoles: DeskRole[];
  reversible: boolean;
  result: Record<string, unknown> | null;
}

export interface PlanContext {
  tenantId: string;
  customer: CustomerRecord;
  key: string;
  /** The conversation the action belongs to, when it comes from one. */
  conversationId?: string | undefined;
  stores: Stores;
  now: Date;
}

/** What the desk will do: stated first, performed inside the ledger's transaction once confirmed. */
export interface ActionPlan {
  statement: string;
  subject: { type: 'order' | 'customer' | 'ticket'; id: string };
  policy: Omit<ActionPolicyContext, 'kind' | 'tier'>;
  perform(tx: Queryable): Promise<Record<string, unknown>>;
}

export interface ActionKindSpec {
  kind: SafeActionKind;
  /** Whether it changes the customer's account (and so needs them verified and their confirmation). */
  changesAccount: boolean;
  reversible: boolean;
  plan(params: Record<string, unknown>, context: PlanContext): Promise<ActionPlan>;
  /** Undoes a performed action inside a transaction, from the result it stored. */
  reverse?: (result: Record<string, unknown>, tx: Queryable, context: { tenantId: string }) => Promise<void>;
}
