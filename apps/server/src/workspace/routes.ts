// HTTP for the people's workspace, as one Fastify plugin: the team inbox and bulk actions, a conversation's
// hold (claim, assign, release, hand back), a person's reply and typing, internal notes, canned replies.
// Every route is for staff; who acts is always the caller (`personOf`), never a name in the body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { z } from 'zod';
import type { AssignmentRecord } from '../store/index.js';
import { fromSupport, type Person } from './people.js';
import type { Workspace } from './workspace.js';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface WorkspaceRoutesOptions {
  workspace: Workspace;
  /** Lets staff through (agents, approvers, admins); the API's auth plugin provides it. */
  staff: Guard;
  /** The signed-in person making the request. */
  personOf: (request: FastifyRequest) => Person;
  idempotent?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Routes that act on the path alone take no body (or `{}`), so a stray one is refused rather than ignored. */
const noBody = z.strictObject({}).nullish();

const assignmentOf = (threadId: string, hold: AssignmentRecord | undefined): api.Assignment => ({
  threadId,
  holder: hold?.holder ?? null,
  displayName: hold ? fromSupport(hold.holder) : null,
  claimedAt: hold?.claimedAt ?? null,
});

export const workspaceRoutes: FastifyPluginAsyncZod<WorkspaceRoutesOptions> = (app, options) => {
  const { workspace, staff, personOf } = options;
  const conversation = '/v1/conversations/:threadId';
  const tags = ['workspace'];
  const post = { preValidation: staff, ...(options.idempotent ? { preHandler: options.idempotent } : {}) };
  const params = api.threadParamsSchema;

  app.get(
    '/v1/inbox',
    {
      schema: {
        tags,
        summary: 'The team inbox: a view, filters and search',
        querystring: api.inboxQuerySchema,
      },
      preValidation: staff,
    },
    async (request) => ({ conversations: await workspace.inbox(personOf(request), request.query) }),
  );

  app.post(
    '/v1/inbox/bulk',
    { schema: { tags, summary: 'Assign or close several conversations', body: api.bulkBodySchema }, ...post },
    async (request) => ({ results: await workspace.bulk(personOf(request), request.body) }),
  );

  app.get(
    `${conversation}/assignment`,
    { schema: { tags, summary: 'Who holds the conversation', params }, preValidation: staff },
    async (request) =>
      assignmentOf(request.params.threadId, await workspace.assignment(request.params.threadId)),
  );

  app.post(
    `${conversation}/claim`,
    {
      schema: { tags, summary: 'Take the conversation over from the agents', params, body: noBody },
      ...post,
    },
    async (request) => {
      const { threadId } = request.params;
      return assignmentOf(threadId, await workspace.takeover.claim(threadId, personOf(request)));
    },
  );

  app.post(
    `${conversation}/assign`,
    {
      schema: {
        tags,
        summary: 'Assign the conversation (supervisors: to anyone)',
        params,
        body: api.assignBodySchema,
      },
      ...post,
    },
    async (request) => {
      const { threadId } = request.params;
      const hold = await workspace.takeover.assign(threadId, request.body.assignee, personOf(request));
      return assignmentOf(threadId, hold);
    },
  );

  app.post(
    `${conversation}/release`,
    {
      schema: { tags, summary: 'Put the conversation back in the unassigned queue', params, body: noBody },
      ...post,
    },
    async (request) => {
      await workspace.takeover.release(request.params.threadId, personOf(request));
      return assignmentOf(request.params.threadId, undefined);
    },
  );

  app.post(
    `${conversation}/hand-back`,
    {
      schema: {
        tags,
        summary: 'Hand the conversation back to the agents, with a summary',
        params,
        body: api.handBackBodySchema,
      },
      ...post,
    },
    async (request) => {
      const { threadId } = request.params;
      const { inThreadState } = await workspace.takeover.handBack(
        threadId,
        personOf(request),
        request.body.summary,
      );
      return { ...assignmentOf(threadId, undefined), inThreadState };
    },
  );

  app.post(
    `${conversation}/replies`,
    {
      schema: {
        tags,
        summary: "The holder's reply to the customer",
        params,
        body: api.personReplyBodySchema,
      },
      ...post,
    },
    async (request, reply) => {
      const sent = await workspace.work.reply(request.params.threadId, personOf(request), request.body.text);
      return reply.status(201).send({ threadId: request.params.threadId, ...sent });
    },
  );

  app.post(
    `${conversation}/typing`,
    {
      schema: { tags, summary: 'Show the customer that the holder is typing', params, body: noBody },
      preValidation: staff,
    },
    async (request, reply) => {
      await workspace.work.typing(request.params.threadId, personOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    `${conversation}/notes`,
    {
      schema: { tags, summary: "The team's internal notes (never shown to the customer)", params },
      preValidation: staff,
    },
    async (request) => ({
      notes: (await workspace.work.notes(request.params.threadId)).map(({ conversationId, ...note }) => ({
        threadId: conversationId,
        ...note,
      })),
    }),
  );

  app.post(
    `${conversation}/notes`,
    { schema: { tags, summary: 'Add an internal note', params, body: api.noteBodySchema }, ...post },
    async (request, reply) => {
      const { conversationId, ...note } = await workspace.work.addNote(
        request.params.threadId,
        personOf(request),
        request.body.text,
      );
      return reply.status(201).send({ threadId: conversationId, ...note });
    },
  );

  app.get(
    '/v1/canned-replies',
    { schema: { tags, summary: "The team's canned replies" }, preValidation: staff },
    async () => ({ cannedReplies: await workspace.cannedReplies() }),
  );

  app.post(
    '/v1/canned-replies',
    { schema: { tags, summary: 'Save a new canned reply', body: api.cannedReplyBodySchema }, ...post },
    async (request, reply) =>
      reply.status(201).send(await workspace.saveCannedReply(personOf(request), request.body)),
  );

  app.put(
    '/v1/canned-replies/:cannedId',
    {
      schema: {
        tags,
        summary: 'Edit a canned reply',
        params: api.cannedReplyParamsSchema,
        body: api.cannedReplyBodySchema,
      },
      preValidation: staff,
    },
    async (request) => workspace.saveCannedReply(personOf(request), request.body, request.params.cannedId),
  );

  app.delete(
    '/v1/canned-replies/:cannedId',
    {
      schema: { tags, summary: 'Remove a canned reply', params: api.cannedReplyParamsSchema },
      preValidation: staff,
    },
    async (request, reply) => {
      await workspace.removeCannedReply(request.params.cannedId);
      return reply.status(204).send();
    },
  );
  return Promise.resolve();
};
