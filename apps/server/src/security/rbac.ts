// Roles and what each may do. Every route names one permission; a role has it or not. Customers are further
// limited to their own records (see `ownsCustomer`), and every principal belongs to exactly one tenant.
import type { api } from '@frontdesk/contracts';

export type Role = api.Role;
export const allRoles = ['customer', 'agent', 'approver', 'admin'] as const satisfies readonly Role[];

export const permissions = {
  /** Start, post to, read and stream conversations — customers only their own. */
  'conversations:write': ['customer', 'agent', 'approver', 'admin'],
  'conversations:read': ['customer', 'agent', 'approver', 'admin'],
  /** Satisfaction ratings come from the customer of the conversation only. */
  'conversations:rate': ['customer'],
  /** Lists across customers, full context of a customer. */
  'customers:read': ['agent', 'approver', 'admin'],
  'approvals:read': ['agent', 'approver', 'admin'],
  /** The approval itself still says which of these roles may answer it. */
  'approvals:answer': ['agent', 'approver', 'admin'],
  'threads:history': ['agent', 'approver', 'admin'],
  /** Re-running a thread from a checkpoint (replay or fork). */
  'threads:rerun': ['admin'],
  'knowledge:read': ['customer', 'agent', 'approver', 'admin'],
  'analytics:read': ['approver', 'admin'],
  /** Erasing a customer from every tier (a right-to-be-forgotten request); it cannot be undone. */
  'customers:forget': ['admin'],
  /** The people's workspace: the team inbox, taking conversations over, notes, canned replies. */
  'workspace:work': ['agent', 'approver', 'admin'],
  'admin:keys': ['admin'],
  'admin:settings': ['admin'],
  /** Replaying the event log, reloading the demo store, training the intent model, the triage rules. */
  'admin:operations': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export const roleCan = (role: Role, permission: Permission): boolean =>
  (permissions[permission] as readonly Role[]).includes(role);

/** Who is calling: from a signed token or an API key, always in one tenant. */
export interface Principal {
  /** A customer id for customers, a person's or integration's handle for staff. */
  readonly subject: string;
  readonly role: Role;
  readonly tenantId: string;
  readonly via: 'token' | 'api_key' | 'stream_ticket';
  /** The API key's id, for rate limits and audit. */
  readonly keyId?: string;
}

/** A customer may act only on their own records; staff on every customer of their tenant. */
export const ownsCustomer = (principal: Principal, customerId: string): boolean =>
  principal.role !== 'customer' || principal.subject === customerId;

/** The bucket a principal's requests are counted in for rate limits. */
export const rateKeyOf = (principal: Principal): string =>
  principal.keyId ? `key:${principal.keyId}` : `sub:${principal.role}:${principal.subject}`;
