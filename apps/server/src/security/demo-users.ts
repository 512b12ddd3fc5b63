// The people of the embedded demo: one login per demo customer and one per staff role, so `npm start` can
// print working sign-in commands. Tokens are minted with the desk's own secret.
import type { Role } from './rbac.js';

export interface DemoUser {
  sub: string;
  role: Role;
  name: string;
}

export const demoStaff: DemoUser[] = [
  { sub: 'sam', role: 'agent', name: 'Sam (support agent)' },
  { sub: 'ana', role: 'approver', name: 'Ana (approver)' },
  { sub: 'root', role: 'admin', name: 'Robin (administrator)' },
];

/** Demo customers are cus_01 … cus_20; each signs in as themselves. */
export const demoCustomers: DemoUser[] = Array.from({ length: 20 }, (_, i) => {
  const id = `cus_${String(i + 1).padStart(2, '0')}`;
  return { sub: id, role: 'customer' as const, name: `customer ${id}` };
});

export const demoUsers: DemoUser[] = [...demoStaff, ...demoCustomers];
