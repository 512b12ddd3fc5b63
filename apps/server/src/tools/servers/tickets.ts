// The ticketing MCP server over Frontdesk's own tickets: create, update, comment on, list and get them,
// and hand a conversation over to a person. Customers see and comment on their own tickets only.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CallContext } from '../../domain/index.js';
import { DeskError } from '../../errors.js';
import { defineTool, roleOf, type DeskTool } from '../mcp/define.js';
import { actionTool } from './action-tools.js';
import type { ServerDeps } from './deps.js';
import { TicketRecords, ticketStatuses } from './ticket-records.js';

const people = ['agent', 'approver', 'admin'] as const;
const everyone = ['customer', ...people] as const;

const ticketShape = z.object({
  id: z.string(),
  kind: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  subject: z.string(),
  body: z.string(),
  priority: z.number().int(),
  status: z.enum(ticketStatuses),
  assignee: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const commentShape = z.object({
  id: z.string(),
  author: z.string(),
  authorRole: z.string(),
  body: z.string(),
  internal: z.boolean(),
  createdAt: z.string(),
});

const ownerFilter = (context: CallContext) =>
  context.caller.kind === 'customer' ? context.caller.customerId : undefined;
const authorOf = (context: CallContext) => (context.caller.kind === 'desk' ? 'desk' : context.caller.id);

export function ticketTools(deps: ServerDeps): DeskTool[] {
  const records = new TicketRecords(deps.db);
  return [
    actionTool(
      deps.actions,
      'create_ticket',
      'create',
      'Create a ticket',
      'Open a ticket for the specialist team, linked to the conversation; once per idempotency key.',
      people,
    ),
    actionTool(
      deps.actions,
      'hand_over',
      'hand_over',
      'Hand over to a person',
      'Hand the conversation over to a person, as a high-priority hand-over ticket; once per idempotency key.',
      everyone,
    ),
    defineTool({
      name: 'update',
      title: 'Update a ticket',
      description: "Change a ticket's status, priority or assignee.",
      access: 'write',
      roles: people,
      input: {
        ticketId: z.string().min(1),
        status: z.enum(ticketStatuses).optional(),
        priority: z.number().int().min(1).max(10).optional(),
        assignee: z.string().min(1).max(200).optional(),
      },
      output: { ticket: ticketShape },
      handler: async ({ ticketId, ...change }, context) => {
        const before = await records.get(context.tenantId, ticketId);
        const ticket = await records.update(context.tenantId, ticketId, change);
        await deps.stores.audit.record(context.tenantId, {
          actor: authorOf(context),
          actorRole: roleOf(context.caller),
          action: 'ticket.updated',
          subjectType: 'ticket',
          subjectId: ticketId,
          details: {
            before: { status: before.status, priority: before.priority, assignee: before.assignee },
            change,
          },
        });
        return { ticket };
      },
    }),
    defineTool({
      name: 'comment',
      title: 'Comment on a ticket',
      description:
        'Add a comment to a ticket; internal notes are for the team only. The same commentKey adds it once.',
      access: 'write',
      roles: everyone,
      input: {
        ticketId: z.string().min(1),
        body: z.string().min(1).max(20_000),
        internal: z.boolean().default(false),
        commentKey: z.string().min(8).max(200).describe('idempotency key for this comment'),
      },
      output: { commentId: z.string(), added: z.boolean() },
      handler: async ({ ticketId, body, internal, commentKey }, context) => {
        await records.get(context.tenantId, ticketId, ownerFilter(context));
        if (internal && context.caller.kind === 'customer') {
          throw new DeskError('TOOL_FORBIDDEN', 'Customers cannot write internal notes', {
            field: 'internal',
          });
        }
        const commentId = `cm_${createHash('sha256').update(`${ticketId}:${commentKey}`).digest('hex').slice(0, 12)}`;
        const added = await records.comment(context.tenantId, {
          id: commentId,
          ticketId,
          author: authorOf(context),
          authorRole: roleOf(context.caller),
          body,
          internal,
        });
        return { commentId, added };
      },
    }),
    defineTool({
      name: 'list',
      title: 'List tickets',
      description: 'List tickets, newest first, optionally by status or customer.',
      access: 'read',
      roles: everyone,
      input: {
        status: z.enum(ticketStatuses).optional(),
        customerId: z.string().min(1).optional(),
        limit: z.number().int().min(1).max(100).default(20),
      },
      output: { tickets: z.array(ticketShape) },
      handler: async ({ status, customerId, limit }, context) => ({
        tickets: await records.list(context.tenantId, {
          status,
          customerId: ownerFilter(context) ?? customerId,
          limit,
        }),
      }),
    }),
    defineTool({
      name: 'get',
      title: 'Get a ticket',
      description: 'Get one ticket with its comments.',
      access: 'read',
      roles: everyone,
      input: { ticketId: z.string().min(1) },
      output: { ticket: ticketShape, comments: z.array(commentShape) },
      handler: async ({ ticketId }, context) => ({
        ticket: await records.get(context.tenantId, ticketId, ownerFilter(context)),
        comments: await records.comments(context.tenantId, ticketId, context.caller.kind !== 'customer'),
      }),
    }),
  ];
}
