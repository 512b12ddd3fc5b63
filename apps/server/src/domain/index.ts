// The pure domain of the desk: values, the CustomerRequest aggregate and the policies that decide when a
// person must look. No I/O here; adapters and agents build on it.
export { actionKinds, makeProposedAction } from './action.js';
export type { ActionKind, ProposedAction } from './action.js';
export type { CallContext, Caller, CallerRole } from './caller.js';
export { Confidence } from './confidence.js';
export { Customer, customerSchema, customerTiers } from './customer.js';
export type { CustomerProps, CustomerTier } from './customer.js';
export { CustomerRequest } from './customer-request.js';
export type { CustomerRequestState, NewCustomerRequest } from './customer-request.js';
export { agentNames, decisionSchema, makeDecision } from './decision.js';
export type { AgentName, Decision, DecisionInput } from './decision.js';
export { createMessage, MAX_MESSAGE_CHARS, messageRoles, validateCustomerText } from './message.js';
export type { Message, MessageRole } from './message.js';
export { asksForShippingMoney, asksHowThingsWork, citesAPromise } from './asking.js';
export { Money } from './money.js';
export type { MoneyJson } from './money.js';
export {
  approvalThresholdsSchema,
  daysSinceDelivery,
  defaultApprovalThresholds,
  deskRoles,
  evaluateApproval,
  lowConfidence,
  passesQuality,
  pastReturnWindow,
  priorityOverLimit,
  refundOverLimit,
  RETURN_WINDOW_DAYS,
  vipCustomer,
} from './policies.js';
export type {
  ApprovalContext,
  ApprovalReason,
  ApprovalThresholds,
  ApprovalVerdict,
  DeskRole,
} from './policies.js';
export { MAX_PRIORITY, MIN_PRIORITY, Priority } from './priority.js';
export type { PriorityLabel } from './priority.js';
export {
  assertTransition,
  canTransition,
  isRequestStatus,
  isTerminalStatus,
  nextStatuses,
  requestStatuses,
} from './request-status.js';
export type { RequestStatus } from './request-status.js';
export { Specification } from './specification.js';
export { normaliseText } from './text.js';
export { parseOrThrow } from './validation.js';
export type { ValidationIssue } from './validation.js';
