// What the built-in MCP servers are given: the store, the in-process tool handlers, the action desk and,
// for the desk server, whatever runs conversations (declared here, so tools never import the graph).
import type { ActionDesk } from '../../actions/index.js';
import type { Logger } from '../../logger.js';
import type { ApprovalRecord, Database, Stores } from '../../store/index.js';
import type { ToolHandlers } from '../registry.js';

/** Where a request stands after the desk handled it, as the desk server reports it. */
export interface DeskAnswer {
  threadId: string;
  requestId: string;
  status: string;
  reply?: string | undefined;
  ticketId?: string | undefined;
  approval?:
    { id: string; kind: string; reason: string; allowedRoles: string[]; deadline: string } | undefined;
}

/** The three things the desk server asks of whatever runs conversations (the Desk today). */
export interface DeskPort {
  ask(input: { customerId: string; text: string; threadId?: string | undefined }): Promise<DeskAnswer>;
  answerApproval(
    approvalId: string,
    input: {
      decision: string;
      by: string;
      role: string;
      feedback?: string | undefined;
      reply?: string | undefined;
      action?: unknown;
    },
  ): Promise<DeskAnswer>;
  pendingApprovals(): Promise<ApprovalRecord[]>;
}

export interface ServerDeps {
  db: Database;
  stores: Stores;
  handlers: ToolHandlers;
  actions: ActionDesk;
  logger: Logger;
  /** Only the `desk` server needs it; absent where the graph itself is being built. */
  desk?: DeskPort | undefined;
}
