// Who is acting on the desk and on whose behalf: the identity every tool call, action and API request carries.
// It lives in the domain because tools, actions and the API all speak it and none of them owns it.
import type { DeskRole } from './policies.js';

/** Who is on the other end of a connection. The desk itself is the trusted in-process graph. */
export type Caller =
  | { kind: 'desk' }
  | { kind: 'person'; id: string; role: DeskRole }
  | { kind: 'customer'; id: string; customerId: string };

export type CallerRole = DeskRole | 'customer';

/** Everything a tool handler knows about one call. */
export interface CallContext {
  tenantId: string;
  caller: Caller;
  /** Set when the desk calls on behalf of a request (sent in the call's `_meta`). */
  requestId?: string;
  conversationId?: string;
  customerId?: string;
  agent?: string;
}
