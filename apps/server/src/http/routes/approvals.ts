// Approvals: the queue of decisions waiting for a person (filtered by reason, kind, age, deadline, role),
// one approval with its full context, and the answer (approve, edit, reject, respond). The person and role
// answering are the caller's own; the approval itself says which roles may answer it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { handOffReason } from '../../domain/hand-off-reason.js';
import { DeskError } from '../../errors.js';
import type { ApprovalRecord } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../plugins/auth.js';
import { citedSources } from './approval-sources.js';

const MINUTE = 60_000;

function matches(approval: ApprovalRecord, filters: api.ApprovalFilters, now: number): boolean {
  if (filters.kind && approval.kind !== filters.kind) return false;
  if (filters.role && !approval.allowedRoles.includes(filters.role)) return false;
  if (filters.reason && !approval.reason.toLowerCase().includes(filters.reason.toLowerCase())) return false;
  if (
    filters.olderThanMinutes !== undefined &&
    now - Date.parse(approval.createdAt) < filters.olderThanMinutes * MINUTE
  )
    return false;
  if (
    filters.dueWithinMinutes !== undefined &&
    Date.parse(approval.deadline) - now > filters.dueWithinMinutes * MINUTE
  )
    return false;
  return true;
}

const summary = (approval: ApprovalRecord, now: number, names: ReadonlyMap<string, string>) => {
  // The reason as a category the team reads at a glance, the amount it named kept as a detail.
  const { category, amount } = handOffReason(approval.reason);
  return {
    id: approval.id,
    kind: approval.kind,
    reason: approval.reason,
    category,
    detail: amount ?? null,
    threadId: approval.conversationId,
    requestId: approval.requestId,
    customerId: approval.customerId,
    customerName: names.get(approval.customerId) ?? approval.customerId,
    allowedRoles: approval.allowedRoles,
    createdAt: approval.createdAt,
    deadline: approval.deadline,
    overdue: Date.parse(approval.deadline) < now,
    ageSeconds: Math.round((now - Date.parse(approval.createdAt)) / 1000),
    escalationLevel: approval.escalationLevel,
  };
};

export const approvalRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { desk, stores, config, checkpoints } = deps;
  const tenantId = config.tenantId;

  app.get(
    '/v1/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Pending approvals, oldest first, with filters',
        querystring: api.approvalFiltersSchema,
      },
      preValidation: app.authorize('approvals:read'),
    },
    async (request) => {
      const now = Date.now();
      const pending = await stores.approvals.pending(tenantId);
      const approvals = pending.filter((a) => matches(a, request.query, now)).slice(0, request.query.limit);
      const names = new Map<string, string>();
      for (const customerId of new Set(approvals.map((a) => a.customerId))) {
        const customer = await stores.customers.get(tenantId, customerId);
        if (customer) names.set(customerId, customer.name);
      }
      return { approvals: approvals.map((a) => summary(a, now, names)) };
    },
  );

  app.get(
    '/v1/approvals/:approvalId',
    {
      schema: {
        tags: ['approvals'],
        summary:
          'One approval with its context: proposal, customer, orders, cited articles, messages and decision trail',
        params: api.approvalParamsSchema,
      },
      preValidation: app.authorize('approvals:read'),
    },
    async (request) => {
      const approval = await stores.approvals.get(tenantId, request.params.approvalId);
      if (!approval) {
        throw new DeskError('APPROVAL_NOT_FOUND', `No approval ${request.params.approvalId}`, {
          approvalId: request.params.approvalId,
        });
      }
      const [customer, orders, messages, decisions, sources] = await Promise.all([
        stores.customers.get(tenantId, approval.customerId),
        stores.customers.orders(tenantId, approval.customerId),
        stores.conversations.messages(tenantId, approval.conversationId),
        stores.decisions.byConversation(tenantId, approval.conversationId),
        citedSources(checkpoints, approval, (articleId) => stores.articles.get(tenantId, articleId)),
      ]);
      const trail = decisions.filter((d) => d.requestId === approval.requestId);
      return {
        ...summary(approval, Date.now(), new Map(customer ? [[customer.id, customer.name]] : [])),
        status: approval.status,
        reasons: approval.reasons,
        proposedAction: approval.proposedAction ?? null,
        proposedReply: approval.proposedReply ?? null,
        answer: approval.answer ?? null,
        answeredBy: approval.answeredBy ?? null,
        // Why the action approved here could not be performed, so the approver sees it where they answered.
        actionFailure: approval.actionFailure ?? null,
        customer: customer ?? null,
        orders: orders.slice(0, 10),
        messages,
        // The knowledge-base articles the proposed reply cites (what research looked at is in `decisions`).
        sources,
        // Steps and tool calls, in the contract's shape (the dashboard nests each call under its step).
        decisions: trail satisfies api.Decision[],
      };
    },
  );

  app.post(
    '/v1/approvals/:approvalId/answer',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Approve, edit, reject (with feedback) or respond; the thread resumes in the background',
        params: api.approvalParamsSchema,
        body: api.approvalAnswerBodySchema,
        response: { 202: api.approvalAnsweredSchema },
      },
      preValidation: app.authorize('approvals:answer'),
      preHandler: app.idempotent,
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const request_ = await desk.submitAnswer(request.params.approvalId, {
        ...request.body,
        by: principal.subject,
        role: principal.role,
      });
      return reply.status(202).send({
        approvalId: request.params.approvalId,
        threadId: request_.conversationId,
        requestId: request_.id,
        decision: request.body.decision,
        runStatus: 'running' as const,
      });
    },
  );
  return Promise.resolve();
};
