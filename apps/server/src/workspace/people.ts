// The people of the workspace: who may take what, and how the customer sees them.
import type { Role } from '../security/index.js';

/** A signed-in member of the team acting in the workspace. */
export interface Person {
  /** Their handle (the token's subject): "ana". */
  handle: string;
  role: Role;
}

/** Supervisors (approvers, admins) assign conversations to others and take them from others; agents claim. */
export const supervises = (person: Person): boolean => person.role === 'approver' || person.role === 'admin';

/** How a person appears to the customer: "ana" → "Ana". */
export const displayName = (handle: string): string => {
  const first = handle.split(/[._@-]/)[0] ?? handle;
  return first.length > 0 ? first[0]!.toUpperCase() + first.slice(1) : handle;
};

/** "Ana from support": the name a person's messages carry in the customer's conversation. */
export const fromSupport = (handle: string): string => `${displayName(handle)} from support`;
