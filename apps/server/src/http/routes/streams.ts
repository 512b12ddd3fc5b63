// Live streams of one conversation, over Server-Sent Events and WebSocket. Durable events carry their
// outbox seq as id: SSE clients resume with Last-Event-ID, WebSocket clients with ?lastEventId= (or the
// header). Heartbeats keep idle connections alive; a client that falls too far behind is disconnected.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import type { AppDeps, HttpOptions } from '../deps.js';
import type { StreamEvent } from '../streams/feed.js';
import type { StreamHub } from '../streams/hub.js';
import { lastEventIdOf, openEventStream } from '../streams/sse.js';
import { principalOf } from '../plugins/auth.js';
import { visibleConversation } from './context.js';

interface StreamRouteOptions {
  deps: AppDeps;
  hub: StreamHub;
  options: HttpOptions;
}

/**
 * Drafts stream only to the support team: a draft has not passed quality or approval yet (it may promise a
 * refund a person will refuse), so customers see a reply only once it is delivered (reply.sent). Tool
 * calls are the desk's own workings (which systems it asked, with what), for the team only too, and so are
 * the team's internal notes (whose text is never in an event at all).
 */
const hiddenFromCustomers = new Set(['reply.delta', 'agent.tool_called', 'note.added']);
const hiddenFrom = (request: FastifyRequest) =>
  principalOf(request).role === 'customer' ? hiddenFromCustomers : new Set<string>();

/** Where a stream resumes: after the last event the client saw, or from the start of the conversation. */
const resumeFrom = (request: FastifyRequest, query: { lastEventId?: string | undefined }) =>
  lastEventIdOf(request, query.lastEventId) ?? 0;

export const streamRoutes: FastifyPluginAsyncZod<StreamRouteOptions> = (app, { deps, hub, options }) => {
  const { stores, config } = deps;
  const schema = {
    tags: ['streams'],
    params: api.threadParamsSchema,
    querystring: api.streamQuerySchema,
  };
  // Checked before the response starts (or the socket upgrades), so a refusal is a plain problem document.
  const guard = [
    app.authorize('conversations:read'),
    async (request: FastifyRequest) => {
      const { threadId } = request.params as { threadId: string };
      // Runs before schema validation (so a refusal comes before any stream starts): check the id here.
      if (!api.threadIdSchema.safeParse(threadId).success) {
        throw new DeskError('THREAD_NOT_FOUND', 'No such thread', { threadId: threadId.slice(0, 100) });
      }
      await visibleConversation(stores, config.tenantId, request, threadId);
    },
  ];

  app.get(
    '/v1/conversations/:threadId/events',
    {
      schema: { ...schema, summary: 'Stream a conversation (Server-Sent Events; resume with Last-Event-ID)' },
      preValidation: guard,
      config: { streamCredentials: true },
    },
    (request, reply) => {
      const { threadId } = request.params;
      const raw = openEventStream(request, reply);
      app.metrics.streamConnections.inc({ transport: 'sse' });
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        app.metrics.streamConnections.dec({ transport: 'sse' });
        raw.end();
      };
      const hidden = hiddenFrom(request);
      const unsubscribe = hub.subscribe(threadId, resumeFrom(request, request.query), {
        send: (event: StreamEvent) => {
          if (!open || hidden.has(event.type)) return true;
          if (raw.writableLength > options.streamMaxBufferedBytes) return false;
          const id = event.id ? `id: ${event.id}\n` : '';
          raw.write(`${id}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
          return true;
        },
        close,
      });
      const heartbeat = setInterval(
        () => raw.write(`: heartbeat ${new Date().toISOString()}\n\n`),
        options.heartbeatMs,
      );
      heartbeat.unref();
      request.raw.on('close', close);
    },
  );

  app.get(
    '/v1/conversations/:threadId/ws',
    {
      websocket: true,
      schema: { ...schema, summary: 'Stream a conversation (WebSocket; resume with ?lastEventId=)' },
      preValidation: guard,
      config: { streamCredentials: true },
    },
    (socket: WebSocket, request) => {
      const { threadId } = request.params;
      const query = request.query;
      app.metrics.streamConnections.inc({ transport: 'websocket' });
      let alive = true;
      let unsubscribe: (() => void) | undefined = undefined;
      const heartbeat = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, options.heartbeatMs);
      heartbeat.unref();
      socket.on('pong', () => (alive = true));
      socket.on('message', () => (alive = true));
      socket.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe?.();
        app.metrics.streamConnections.dec({ transport: 'websocket' });
      });
      const hidden = hiddenFrom(request);
      unsubscribe = hub.subscribe(threadId, resumeFrom(request, query), {
        send: (event: StreamEvent) => {
          if (socket.readyState !== socket.OPEN || hidden.has(event.type)) return true;
          if (socket.bufferedAmount > options.streamMaxBufferedBytes) return false;
          socket.send(JSON.stringify(event));
          return true;
        },
        close: (reason) => socket.close(1013, reason.slice(0, 120)),
      });
    },
  );
  return Promise.resolve();
};
