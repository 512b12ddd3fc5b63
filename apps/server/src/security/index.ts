// Security: who is calling (tokens, API keys), what each role may do, and the embedded default's secret.
export { ApiKeyRepository } from './api-keys.js';
export type { ApiKeyRecord } from './api-keys.js';
export { Authenticator } from './authenticator.js';
export type { Credentials } from './authenticator.js';
export { demoCustomers, demoStaff, demoUsers } from './demo-users.js';
export type { DemoUser } from './demo-users.js';
export { allRoles, ownsCustomer, permissions, rateKeyOf, roleCan } from './rbac.js';
export type { Permission, Principal, Role } from './rbac.js';
export { SECRET_FILE, loadOrCreateSecret } from './secret.js';
export { DEFAULT_AUDIENCE, DEFAULT_ISSUER, TokenService } from './tokens.js';
export type { MintedToken, TokenClaims, TokenOptions } from './tokens.js';
export { createSecurity } from './setup.js';
export { STREAM_TICKET_SECONDS, StreamTickets } from './stream-tickets.js';
export type { StreamTicket } from './stream-tickets.js';
export type { Security } from './setup.js';
