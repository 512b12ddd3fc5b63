// Builds the HTTP app without listening, so tests use `inject()`; `frontdesk serve` and `start` listen.
// Infrastructure comes as plugins (errors, auth, protection, idempotency, metrics, docs, websocket), then
// the routes by feature under /v1. Everything the app opens (stream hub, sockets) closes with `app.close()`.
import { randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { type FastifySchema } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { httpOptions, type AppDeps } from './deps.js';
import { authPlugin, principalOf } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { errorsPlugin, frameworkProblem } from './plugins/errors.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { metricsPlugin } from './plugins/metrics.js';
import { protectionPlugin } from './plugins/protection.js';
import { textInputPlugin } from './plugins/text-input.js';
import { accessRoutes } from './routes/access.js';
import { analyticsRoutes } from './routes/analytics.js';
import { approvalRoutes } from './routes/approvals.js';
import { conversationRoutes } from './routes/conversations.js';
import { customerRoutes } from './routes/customers.js';
import { healthRoutes } from './routes/health.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { knowledgeBaseRoutes } from '../knowledge/routes.js';
import { channelRoutes } from '../channels/routes.js';
import { streamRoutes } from './routes/streams.js';
import { threadRoutes } from './routes/threads.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { ConversationFeed } from './streams/feed.js';
import { StreamHub } from './streams/hub.js';
import { webPlugin } from './web.js';
import { mcpHttpPlugin } from '../tools/http-mcp.js';
import { workspaceRoutes } from '../workspace/index.js';
import { operationRoutes } from '../operations/routes.js';

export type { AppDeps, HttpOptions, ReadinessCheck } from './deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app (method, URL template and schema), in the order they were added. */
    routeCatalogue: ReadonlyArray<{ method: string; url: string; schema?: FastifySchema | undefined }>;
  }
}

export function buildApp(deps: AppDeps) {
  const options = httpOptions(deps);
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: options.bodyLimitBytes,
    // Stops a slow client from holding a connection open with a request it never finishes.
    requestTimeout: 30_000,
    // Graceful shutdown: `close()` stops accepting, lets in-flight requests finish, then ends idle sockets.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkProblem,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every route as it is added, so the RBAC, robustness and fuzzing suites can prove they cover all of them.
  const routeCatalogue: Array<{ method: string; url: string; schema?: FastifySchema | undefined }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeCatalogue.push({ method, url: route.url, schema: route.schema });
  });
  app.decorate('routeCatalogue', routeCatalogue);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const hub = new StreamHub(
    new ConversationFeed(deps.db, deps.config.tenantId),
    deps.progress ?? deps.desk,
    deps.logger,
    options.streamPollMs,
  );
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });

  void app.register(errorsPlugin);
  void app.register(authPlugin, { authenticator: deps.security.authenticator });
  void app.register(protectionPlugin, { options });
  void app.register(textInputPlugin);
  void app.register(idempotencyPlugin, { db: deps.db, tenantId: deps.config.tenantId });
  void app.register(metricsPlugin, { desk: deps.desk, db: deps.db, tenantId: deps.config.tenantId });
  void app.register(docsPlugin);
  void app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // The built-in MCP servers over Streamable HTTP, behind the API's authentication and roles.
  const mcp = deps.mcp;
  if (mcp) {
    void app.register(mcpHttpPlugin, {
      tenantId: deps.config.tenantId,
      server: (name, caller) => mcp.server(name, caller),
      authenticate: async (request, reply) => {
        await app.authenticate(request, reply);
        return principalOf(request);
      },
    });
  }

  void app.register(async (routes) => {
    await routes.register(healthRoutes, { deps });
    await routes.register(accessRoutes, { deps });
    await routes.register(conversationRoutes, { deps });
    await routes.register(streamRoutes, { deps, hub, options });
    await routes.register(approvalRoutes, { deps });
    await routes.register(threadRoutes, { deps });
    await routes.register(customerRoutes, { deps });
    await routes.register(knowledgeRoutes, { deps });
    // Ingestion, hybrid search and the review queue of learnt drafts (the knowledge feature's own plugin).
    if (deps.knowledge) {
      await routes.register(knowledgeBaseRoutes, {
        knowledge: deps.knowledge,
        tenantId: deps.config.tenantId,
        guards: {
          read: routes.authorize('knowledge:read'),
          write: routes.requireRole('agent', 'approver', 'admin'),
        },
        idempotent: routes.idempotent,
      });
    }
    // Email's inbound webhook and attention list, webhook subscriptions and deliveries, Slack's callback.
    const channels = deps.channels;
    if (channels) {
      await routes.register(channelRoutes, {
        tenantId: deps.config.tenantId,
        stores: deps.stores,
        webhooks: channels.webhooks,
        email: channels.email,
        slack: channels.slack,
        guards: { staff: routes.authorize('customers:read'), admin: routes.authorize('admin:settings') },
      });
    }
    // The people's workspace: the team inbox, taking a conversation over, notes and canned replies.
    if (deps.workspace) {
      await routes.register(workspaceRoutes, {
        workspace: deps.workspace,
        staff: routes.authorize('workspace:work'),
        personOf: (request) => {
          const { subject, role } = principalOf(request);
          return { handle: subject, role };
        },
        idempotent: routes.idempotent,
      });
    }
    // What the command line does on a database of its own, for a desk that holds its database.
    if (deps.operations) {
      await routes.register(operationRoutes, {
        tenantId: deps.config.tenantId,
        operations: deps.operations,
        admin: routes.authorize('admin:operations'),
        idempotent: routes.idempotent,
      });
    }
    await routes.register(analyticsRoutes, { deps });
    await routes.register(dashboardRoutes, { deps, options });
  });

  // The portal, dashboard and widget, when the web app has been built.
  void app.register(webPlugin);

  return app;
}

export type App = ReturnType<typeof buildApp>;
