// Frontdesk itself as an MCP server for other agents: ask the desk on behalf of a customer, follow a
// thread, and list and answer the approvals the caller's role may answer.
import { z } from 'zod';
import { deskRoles, type CallContext } from '../../domain/index.js';
import { DeskError } from '../../errors.js';
import { defineTool, requireOwnAccount, type DeskTool } from '../mcp/define.js';
import type { DeskPort, ServerDeps } from './deps.js';

const people = ['agent', 'approver', 'admin'] as const;

const resultShape = {
  threadId: z.string(),
  requestId: z.string(),
  status: z.string(),
  reply: z.string().optional(),
  ticketId: z.string().optional(),
  approval: z
    .object({
      id: z.string(),
      kind: z.string(),
      reason: z.string(),
      allowedRoles: z.array(z.string()),
      deadline: z.string(),
    })
    .optional(),
};

const approvalShape = z.object({
  id: z.string(),
  threadId: z.string(),
  customerId: z.string(),
  kind: z.string(),
  reason: z.string(),
  reasons: z.array(z.string()),
  proposedAction: z.record(z.string(), z.unknown()).nullable(),
  proposedReply: z.string().nullable(),
  allowedRoles: z.array(z.string()),
  deadline: z.string(),
  createdAt: z.string(),
});

function requireDesk(deps: ServerDeps): DeskPort {
  if (!deps.desk) throw new DeskError('TOOL_FAILED', 'The desk server runs only beside a desk', {});
  return deps.desk;
}

function personOf(context: CallContext) {
  if (context.caller.kind !== 'person') {
    throw new DeskError('TOOL_FORBIDDEN', 'Only a person with a desk role answers approvals', {});
  }
  return context.caller;
}

const summarise = (result: Awaited<ReturnType<DeskPort['ask']>>) => ({
  threadId: result.threadId,
  requestId: result.requestId,
  status: result.status,
  ...(result.reply ? { reply: result.reply } : {}),
  ...(result.ticketId ? { ticketId: result.ticketId } : {}),
  ...(result.approval
    ? {
        approval: {
          id: result.approval.id,
          kind: result.approval.kind,
          reason: result.approval.reason,
          allowedRoles: result.approval.allowedRoles,
          deadline: result.approval.deadline,
        },
      }
    : {}),
});

export function deskTools(deps: ServerDeps): DeskTool[] {
  return [
    defineTool({
      name: 'ask',
      title: 'Ask the desk',
      description:
        "Send a customer's message to the support desk and wait until it is answered or needs a person. " +
        'Pass threadId to continue a conversation.',
      access: 'write',
      roles: ['customer', ...people],
      input: {
        customerId: z.string().min(1).max(100),
        text: z.string().min(1).max(20_000),
        threadId: z.string().min(1).optional(),
      },
      output: resultShape,
      handler: async ({ customerId, text, threadId }, context) => {
        requireOwnAccount(context, customerId);
        return summarise(await requireDesk(deps).ask({ customerId, text, threadId }));
      },
    }),
    defineTool({
      name: 'follow_thread',
      title: 'Follow a thread',
      description: "A conversation's messages, the state of its latest request and any approval it waits on.",
      access: 'read',
      roles: ['customer', ...people],
      input: { threadId: z.string().min(1) },
      output: {
        threadId: z.string(),
        customerId: z.string(),
        status: z.string(),
        messages: z.array(z.object({ role: z.string(), text: z.string(), at: z.string() })),
        pendingApprovals: z.array(z.string()),
      },
      handler: async ({ threadId }, context) => {
        const conversation = await deps.stores.conversations.get(context.tenantId, threadId);
        if (
          !conversation ||
          (context.caller.kind === 'customer' && context.caller.customerId !== conversation.customerId)
        ) {
          throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
        }
        const messages = await deps.stores.conversations.messages(context.tenantId, threadId);
        const pending = (await deps.stores.approvals.pending(context.tenantId)).filter(
          (approval) => approval.conversationId === threadId,
        );
        return {
          threadId,
          customerId: conversation.customerId,
          status: conversation.status,
          messages: messages.map((message) => ({
            role: message.role,
            text: message.text,
            at: message.createdAt,
          })),
          pendingApprovals: pending.map((approval) => approval.id),
        };
      },
    }),
    defineTool({
      name: 'list_approvals',
      title: 'List approvals',
      description: 'Pending approvals that your role may answer, oldest first.',
      access: 'read',
      roles: people,
      input: {},
      output: { approvals: z.array(approvalShape) },
      handler: async (_input, context) => {
        const role = context.caller.kind === 'person' ? context.caller.role : undefined;
        const pending = await requireDesk(deps).pendingApprovals();
        return {
          approvals: pending
            .filter((approval) => role === undefined || approval.allowedRoles.includes(role))
            .map((approval) => ({
              id: approval.id,
              threadId: approval.conversationId,
              customerId: approval.customerId,
              kind: approval.kind,
              reason: approval.reason,
              reasons: approval.reasons,
              proposedAction: approval.proposedAction ?? null,
              proposedReply: approval.proposedReply ?? null,
              allowedRoles: approval.allowedRoles,
              deadline: approval.deadline,
              createdAt: approval.createdAt,
            })),
        };
      },
    }),
    defineTool({
      name: 'answer_approval',
      title: 'Answer an approval',
      description:
        'Approve, edit, reject (with feedback) or respond to (with a reply) a pending approval, as yourself ' +
        'and with your role; the thread resumes and the result comes back.',
      access: 'write',
      roles: people,
      input: {
        approvalId: z.string().min(1),
        decision: z.enum(['approve', 'edit', 'reject', 'respond']),
        feedback: z.string().min(1).optional(),
        reply: z.string().min(1).optional(),
        action: z.record(z.string(), z.unknown()).optional().describe('for edit: the changed action'),
      },
      output: resultShape,
      handler: async ({ approvalId, decision, feedback, reply, action }, context) => {
        const person = personOf(context);
        if (!(deskRoles as readonly string[]).includes(person.role)) {
          throw new DeskError('TOOL_FORBIDDEN', `Role ${person.role} answers no approvals`, {});
        }
        const result = await requireDesk(deps).answerApproval(approvalId, {
          decision,
          by: person.id,
          role: person.role,
          feedback,
          reply,
          ...(action ? { action } : {}),
        });
        return summarise(result);
      },
    }),
  ];
}
