// What the built-in MCP servers are given: the store, the in-process tool handlers, the action desk and,
// for the desk server, the Desk itself (type only: the servers never build it).
import type { ActionDesk } from '../../actions/index.js';
import type { Desk } from '../../runs/index.js';
import type { Logger } from '../../logger.js';
import type { Database, Stores } from '../../store/index.js';
import type { ToolHandlers } from '../registry.js';

export type DeskPort = Pick<Desk, 'ask' | 'answerApproval' | 'pendingApprovals'>;

export interface ServerDeps {
  db: Database;
  stores: Stores;
  handlers: ToolHandlers;
  actions: ActionDesk;
  logger: Logger;
  /** Only the `desk` server needs it; absent where the graph itself is being built. */
  desk?: DeskPort | undefined;
}
