// The CustomerRequest aggregate: one customer message on its way to a delivered reply. It is immutable (every
// step returns a new request), so a step that throws never leaves a half-changed request behind.
import { DeskError } from '../errors.js';
import { makeProposedAction, type ProposedAction } from './action.js';
import type { Decision } from './decision.js';
import { validateCustomerText } from './message.js';
import type { Priority } from './priority.js';
import {
  assertTransition,
  canTransition,
  isRequestStatus,
  isTerminalStatus,
  type RequestStatus,
} from './request-status.js';

export interface CustomerRequestState {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly threadId: string;
  /** The customer's message, trimmed. */
  readonly text: string;
  readonly status: RequestStatus;
  readonly priority?: Priority | undefined;
  readonly proposedAction?: ProposedAction | undefined;
  /** The reply being drafted, then the reply the customer received. */
  readonly reply?: string | undefined;
  readonly failureReason?: string | undefined;
  readonly decisions: readonly Decision[];
}

export interface NewCustomerRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly threadId: string;
  readonly text: string;
}

const BEFORE_DRAFT: ReadonlySet<RequestStatus> = new Set(['received', 'triaged', 'researching']);
const WITH_DRAFT: ReadonlySet<RequestStatus> = new Set([
  'drafted',
  'reviewed',
  'awaiting_approval',
  'delivered',
]);
// A request can fail before triage has had a chance to set a priority.
const WITHOUT_PRIORITY: ReadonlySet<RequestStatus> = new Set(['received', 'failed']);

/** Why `state` breaks an invariant of the aggregate, or undefined when every invariant holds. */
const findViolation = (state: CustomerRequestState): string | undefined => {
  for (const key of ['id', 'tenantId', 'customerId', 'threadId'] as const) {
    if (state[key].trim() === '') return `A request needs a ${key}`;
  }
  if (state.text.trim() === '') return "A request needs the customer's text";
  if (!isRequestStatus(state.status)) return `Unknown request status ${String(state.status)}`;
  const { status } = state;
  if (state.priority === undefined && !WITHOUT_PRIORITY.has(status))
    return `A ${status} request has a priority`;
  if (BEFORE_DRAFT.has(status) && (state.reply !== undefined || state.proposedAction !== undefined)) {
    return `A ${status} request has no draft or proposed action yet`;
  }
  if (WITH_DRAFT.has(status) && (state.reply ?? '').trim() === '') return `A ${status} request has a reply`;
  if ((status === 'failed') !== (state.failureReason !== undefined)) {
    return 'A failed request, and only a failed request, records why it failed';
  }
  return undefined;
};

const freeze = (state: CustomerRequestState): CustomerRequestState =>
  Object.freeze({ ...state, decisions: Object.freeze([...state.decisions]) });

export class CustomerRequest {
  private constructor(private readonly state: CustomerRequestState) {}

  /** A new request from a customer's message. Throws MESSAGE_EMPTY / MESSAGE_TOO_LONG for bad text. */
  static receive(input: NewCustomerRequest): CustomerRequest {
    const { id, tenantId, customerId, threadId } = input;
    const text = validateCustomerText(input.text);
    return CustomerRequest.restore({
      id,
      tenantId,
      customerId,
      threadId,
      text,
      status: 'received',
      decisions: [],
    });
  }

  /** Rebuilds a stored request. Throws VALIDATION_FAILED when the state breaks an invariant. */
  static restore(state: CustomerRequestState): CustomerRequest {
    const violation = findViolation(state);
    if (violation !== undefined) {
      throw new DeskError('VALIDATION_FAILED', violation, { id: state.id, status: state.status });
    }
    return new CustomerRequest(freeze(state));
  }

  get id(): string {
    return this.state.id;
  }
  get tenantId(): string {
    return this.state.tenantId;
  }
  get customerId(): string {
    return this.state.customerId;
  }
  get threadId(): string {
    return this.state.threadId;
  }
  get text(): string {
    return this.state.text;
  }
  get status(): RequestStatus {
    return this.state.status;
  }
  get priority(): Priority | undefined {
    return this.state.priority;
  }
  get proposedAction(): ProposedAction | undefined {
    return this.state.proposedAction;
  }
  get reply(): string | undefined {
    return this.state.reply;
  }
  get failureReason(): string | undefined {
    return this.state.failureReason;
  }
  get decisions(): readonly Decision[] {
    return this.state.decisions;
  }

  isTerminal(): boolean {
    return isTerminalStatus(this.state.status);
  }

  canTransitionTo(to: RequestStatus): boolean {
    return canTransition(this.state.status, to);
  }

  /**
   * Moves to `to` without changing anything else. Throws INVALID_STATE_TRANSITION (details `{ from, to }`)
   * when the lifecycle forbids the move or the request lacks what `to` requires (a reply, a priority...);
   * prefer the named steps below, which supply it.
   */
  transitionTo(to: RequestStatus): CustomerRequest {
    return this.moveTo(to);
  }

  triage(priority: Priority): CustomerRequest {
    return this.moveTo('triaged', { priority });
  }

  startResearch(): CustomerRequest {
    return this.moveTo('researching');
  }

  /**
   * Writes or rewrites the draft reply. A rewrite drops the proposed action, so what a person approves is
   * always what the latest draft proposes.
   */
  draftReply(reply: string): CustomerRequest {
    assertTransition(this.state.status, 'drafted');
    return this.moveTo('drafted', { reply: validateCustomerText(reply), proposedAction: undefined });
  }

  /** Only a request being drafted can propose an action; replaces any earlier proposal. */
  proposeAction(action: ProposedAction): CustomerRequest {
    if (this.state.status !== 'drafted') {
      throw new DeskError(
        'INVALID_STATE_TRANSITION',
        `A ${this.state.status} request cannot propose an action`,
        {
          status: this.state.status,
          operation: 'proposeAction',
        },
      );
    }
    return new CustomerRequest(freeze({ ...this.state, proposedAction: makeProposedAction(action) }));
  }

  markReviewed(): CustomerRequest {
    return this.moveTo('reviewed');
  }

  awaitApproval(): CustomerRequest {
    return this.moveTo('awaiting_approval');
  }

  escalate(): CustomerRequest {
    return this.moveTo('escalated');
  }

  handOffExternally(): CustomerRequest {
    return this.moveTo('external');
  }

  /** Delivers the draft, or `finalReply` when the approving person edited it. */
  deliver(finalReply?: string): CustomerRequest {
    assertTransition(this.state.status, 'delivered');
    const reply = finalReply === undefined ? this.state.reply : validateCustomerText(finalReply);
    return this.moveTo('delivered', { reply });
  }

  fail(reason: string): CustomerRequest {
    assertTransition(this.state.status, 'failed');
    const failureReason = reason.trim();
    if (failureReason === '') throw new DeskError('VALIDATION_FAILED', 'A failure needs a reason');
    return this.moveTo('failed', { failureReason });
  }

  /** Decisions are append-only and may be recorded in any status, so the trail also covers delivery. */
  recordDecision(decision: Decision): CustomerRequest {
    return new CustomerRequest(freeze({ ...this.state, decisions: [...this.state.decisions, decision] }));
  }

  toState(): CustomerRequestState {
    return this.state;
  }

  toJSON(): CustomerRequestState {
    return this.state;
  }

  private moveTo(to: RequestStatus, changes: Partial<CustomerRequestState> = {}): CustomerRequest {
    const from = this.state.status;
    assertTransition(from, to);
    const next: CustomerRequestState = { ...this.state, ...changes, status: to };
    const violation = findViolation(next);
    if (violation !== undefined) throw new DeskError('INVALID_STATE_TRANSITION', violation, { from, to });
    return new CustomerRequest(freeze(next));
  }
}
