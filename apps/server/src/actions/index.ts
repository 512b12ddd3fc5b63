// Safe actions: what the desk may change on a customer's account, and the checks every change passes.
export { ActionDesk, isReversible } from './action-desk.js';
export { checkEditedRefund } from './edited-refund.js';
export type { ActionDeskDeps } from './action-desk.js';
export { actionParams, addressShape } from './params.js';
export type { ActionParams } from './params.js';
export { defaultActionPolicy, evaluateAction } from './policy.js';
export type { ActionPolicyOptions, ActionVerdict } from './policy.js';
export { safeActionKinds } from './types.js';
export type { ActionApprover, ActionCommand, ActionOutcome, SafeActionKind, Verification } from './types.js';
