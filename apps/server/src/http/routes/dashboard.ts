// What the support dashboard reads beyond the other routes: a conversation's agent decisions (its
// timeline), the live feed of every agent action and approval of the tenant (SSE, resumable with
// Last-Event-ID), and the status of the configured backends and model providers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { specName } from '../../reasoning/providers/routes.js';
import type { AppDeps, HttpOptions } from '../deps.js';
import { streamedOnce } from '../streams/feed.js';
import { lastEventIdOf, openEventStream } from '../streams/sse.js';
import { visibleConversation } from './context.js';

/** How many recent events a new feed starts with, so the page is not empty until something happens. */
const BACKLOG = 50;
const PAGE = 200;

interface ActivityRow {
  seq: string;
  type: string;
  topic: string;
  request_id: string;
  conversation_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export const dashboardRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; options: HttpOptions }> = (
  app,
  { deps, options },
) => {
  const { db, stores, config } = deps;
  const tenantId = config.tenantId;
  // Open feeds end when the app closes, so shutdown does not wait on them.
  const feeds = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of [...feeds]) close();
    done();
  });

  app.get(
    '/v1/threads/:threadId/decisions',
    {
      schema: {
        tags: ['threads'],
        summary: 'Every agent step and tool call of a conversation, oldest first',
        params: api.threadParamsSchema,
        response: { 200: api.threadDecisionsSchema },
      },
      onRequest: app.authorize('threads:history'),
    },
    async (request) => {
      const conversation = await visibleConversation(stores, tenantId, request, request.params.threadId);
      return { decisions: await stores.decisions.byConversation(tenantId, conversation.id) };
    },
  );

  const activityAfter = (seq: number) =>
    db.query<ActivityRow>(
      `SELECT o.seq, o.type, o.topic, o.request_id, r.conversation_id, o.data, o.occurred_at
       FROM outbox o LEFT JOIN requests r ON r.tenant_id = o.tenant_id AND r.id = o.request_id
       WHERE o.tenant_id = $1 AND o.seq > $2 ORDER BY o.seq LIMIT $3`,
      [tenantId, seq, PAGE],
    );

  app.get(
    '/v1/activity/events',
    {
      schema: {
        tags: ['streams'],
        summary:
          "The tenant's live feed of agent actions, approvals and replies (SSE; resume with Last-Event-ID)",
        querystring: api.streamQuerySchema,
      },
      config: { streamCredentials: true },
      onRequest: app.authorize('approvals:read'),
    },
    async (request, reply) => {
      let last = lastEventIdOf(request, request.query.lastEventId);
      if (last === undefined) {
        const [row] = await db.query<{ seq: string | null }>(
          'SELECT max(seq) AS seq FROM outbox WHERE tenant_id = $1',
          [tenantId],
        );
        last = Math.max(0, Number(row?.seq ?? 0) - BACKLOG);
      }
      const raw = openEventStream(request, reply);
      let open = true;
      let reading = false;
      const read = async () => {
        if (!open || reading) return;
        reading = true;
        try {
          for (const row of await activityAfter(last!)) {
            last = Number(row.seq);
            if (!streamedOnce(row)) continue;
            if (raw.writableLength > options.streamMaxBufferedBytes) return close();
            const event = {
              id: row.seq,
              type: row.type,
              topic: row.topic,
              threadId:
                row.conversation_id ??
                (typeof row.data.conversationId === 'string' ? row.data.conversationId : ''),
              requestId: row.request_id,
              occurredAt: row.occurred_at.toISOString(),
              data: row.data,
            };
            raw.write(`id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(event)}\n\n`);
          }
        } catch (error) {
          request.log.warn({ err: error }, 'activity feed read failed');
        } finally {
          reading = false;
        }
      };
      const poll = setInterval(() => void read(), options.streamPollMs);
      const heartbeat = setInterval(
        () => raw.write(`: heartbeat ${new Date().toISOString()}\n\n`),
        options.heartbeatMs,
      );
      const stopProgress = deps.desk.onProgress(() => void read());
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(poll);
        clearInterval(heartbeat);
        stopProgress();
        feeds.delete(close);
        raw.end();
      };
      feeds.add(close);
      request.raw.on('close', close);
      await read();
    },
  );

  app.get(
    '/v1/status',
    {
      schema: {
        tags: ['health'],
        summary: 'The configured backends and model providers, and whether they answer',
      },
      onRequest: app.authorize('approvals:read'),
    },
    async () => {
      const checks = [
        { name: 'database', check: async () => void (await db.query('SELECT 1')) },
        ...(deps.readiness ?? []),
      ];
      const probed = await Promise.all(
        checks.map(async ({ name, ...probe }) => {
          const started = performance.now();
          try {
            await probe.check();
            return { name, status: 'ok' as const, ms: Math.round(performance.now() - started) };
          } catch (error) {
            return { name, status: 'down' as const, detail: (error as Error).message };
          }
        }),
      );
      const kinds: Record<string, string> = {
        database: db.kind === 'embedded' ? 'PGlite (embedded, in-process)' : 'PostgreSQL',
        redis: 'Redis',
      };
      const redis = config.redisUrl !== undefined;
      const backends = [
        ...probed.map((p) => ({ ...p, kind: kinds[p.name] ?? p.name })),
        {
          name: 'cache, sessions, rate limits, jobs',
          kind: redis ? 'Redis' : 'in-process',
          status: 'configured' as const,
        },
        { name: 'events', kind: 'transactional outbox, relayed in-process', status: 'configured' as const },
      ];
      const models = config.models;
      const routes = Object.entries(models?.routes ?? {}).map(([agent, chain]) => ({
        agent,
        chain: chain.map(specName),
      }));
      const used = new Set(
        Object.values(models?.routes ?? {}).flatMap((chain) => chain.map((s) => s.provider)),
      );
      const providers = [
        ...(used.has('openai')
          ? [
              {
                name: 'OpenAI-compatible',
                endpoint: hostOf(models?.openai.baseUrl ?? 'https://api.openai.com/v1'),
                keySet: Boolean(models?.openai.apiKey),
              },
            ]
          : []),
        ...(used.has('anthropic')
          ? [
              {
                name: 'Anthropic',
                endpoint: hostOf(models?.anthropic.baseUrl ?? 'https://api.anthropic.com'),
                keySet: Boolean(models?.anthropic.apiKey),
              },
            ]
          : []),
      ];
      return {
        status: probed.every((p) => p.status === 'ok') ? ('ok' as const) : ('degraded' as const),
        tenant: tenantId,
        backends,
        models: { localEngine: 'intent classifier, extractive drafting and review rules', routes, providers },
      };
    },
  );

  app.get(
    '/v1/status/tasks',
    {
      schema: {
        tags: ['health'],
        summary:
          'Background tasks that failed for good, newest first: each with why (a graph run for an unknown tenant, a deleted thread or a malformed payload fails at once)',
      },
      onRequest: app.authorize('approvals:read'),
    },
    async () => ({ failures: (await deps.tasks?.failures(50)) ?? [] }),
  );
  return Promise.resolve();
};

/** The endpoint without credentials or path secrets: scheme, host and port. */
const hostOf = (url: string): string => {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return 'invalid URL';
  }
};
