// The HTTP surface. For other features mounting routes (knowledge, MCP over Streamable HTTP):
//   - register inside the app built by `buildApp`, and guard each route with a preValidation hook (after the rate limit, before validation):
//       app.authenticate               401 unless valid credentials (Bearer JWT, ApiKey, X-API-Key)
//       app.requireRole('admin', …)    401/403 by role
//       app.authorize('knowledge:read')  401/403 by permission (see security/rbac.ts for the matrix)
//     then read the caller with `principalOf(request)` ({ subject, role, tenantId, via }).
//   - add `app.idempotent` after the guard on POST routes to honour Idempotency-Key.
//   - throw DeskError with a registry code; the errors plugin answers with an RFC 9457 problem document.
export { buildApp } from './app.js';
export type { App, AppDeps, HttpOptions, ReadinessCheck } from './app.js';
export { appDepsFromRuntime } from './from-runtime.js';
export type { RuntimeAppDeps } from './from-runtime.js';
export { principalOf } from './plugins/auth.js';
export { listenForOperators } from './worker-listener.js';
export type { WorkerListener } from './worker-listener.js';
