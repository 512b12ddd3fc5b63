// The people's workspace: its public surface.
export { Workspace } from './workspace.js';
export type { WorkspaceDeps } from './context.js';
export { displayName, fromSupport, supervises } from './people.js';
export type { Person } from './people.js';
export { workspaceRoutes } from './routes.js';
export type { WorkspaceRoutesOptions } from './routes.js';
export type { SlaTargets } from './team-inbox.js';
