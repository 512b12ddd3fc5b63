// The composition root: the only place that picks adapters. Everything else receives its dependencies.
import { createHash } from 'node:crypto';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Config } from './config.js';
import { hasData, loadDemoData } from './demo/load.js';
import { InProcessEventBus, type EventBus } from './events/bus.js';
import { OutboxRelay } from './events/relay.js';
import { buildSupportGraph } from './graph/build.js';
import type { GraphDeps } from './graph/deps.js';
import { Desk } from './graph/desk.js';
import { StoreJournal } from './graph/journal.js';
import { BullMqTaskQueue, InlineTaskQueue, type TaskQueue } from './jobs/index.js';
import { KnowledgeBase, LocalEmbedder, OpenAiCompatibleEmbedder, type Embedder } from './knowledge/index.js';
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
import {
  createStores,
  migrate,
  openEmbedded,
  openPostgres,
  redact,
  type Database,
  type Stores,
} from './store/index.js';
import { builtinToolHandlers } from './tools/builtin.js';
import { DeskMcp } from './tools/desk-mcp.js';

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly stores: Stores;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  readonly desk: Desk;
  /** The graph's checkpoints, read by the approval view for what a proposal cites. */
  readonly checkpointer: BaseCheckpointSaver;
  /** The built-in MCP servers (per caller, any transport), the action desk and the client registry. */
  readonly mcp: DeskMcp;
  /** Knowledge base: ingestion, hybrid search, the help-centre sync and the draft review queue. */
  readonly knowledge: KnowledgeBase;
  /** Session, long-term and conversation memory behind the memory manager. */
  readonly memory: MemoryManager;
  /** Background tasks (embedding, summarising into long-term memory). */
  readonly tasks: TaskQueue;
  /** Removes a customer from every tier (session, long-term memory, drafts, relational store) in one call. */
  forgetCustomer(customerId: string): Promise<ForgetReport>;
  /** Stops background work and releases the database. Idempotent. */
  close(): Promise<void>;
}

export async function createRuntime(config: Config, options: { logger?: Logger } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  logger.debug(
    { database: db.kind, where: config.databaseUrl ? redact(config.databaseUrl) : config.dataDir },
    'database open',
  );
  try {
    await migrate(db);
    const checkpointer = new PostgresSaver(db.pool);
    await checkpointer.setup();
    const stores = createStores(db);
    if (config.loadDemoData && !(await hasData(db, config.tenantId))) {
      const summary = await loadDemoData(db, stores, config.tenantId);
      logger.info(summary, 'demo store loaded');
    }
    const local = await loadLocalEngine(db, config.tenantId);
    logger[local.trainedNow ? 'info' : 'debug'](
      { version: local.model.version, hash: local.model.contentHash, trainedNow: local.trainedNow },
      local.trainedNow ? 'intent model trained on the demo examples' : 'intent model loaded',
    );
    // Model answers are cached in Redis when there is one (shared by every process), in-process otherwise.
    const responseCache = config.redisUrl
      ? new RedisResponseCache(config.redisUrl)
      : new MemoryResponseCache();
    const reasoning = createReasoning({
      models: config.models,
      local: local.engine,
      rules: local.rules,
      cache: responseCache,
      logger,
    });
    // Agents reach every tool through one MCP client registry: the built-in servers in memory, plus the
    // external servers configured in FRONTDESK_MCP_SERVERS.
    const knowledgeParts = await openKnowledge(config, db, stores, reasoning, logger);
    const { knowledge, memory, tasks, session } = knowledgeParts;
    const mcp = new DeskMcp({
      db,
      stores,
      handlers: builtinToolHandlers({ ...stores, knowledge: knowledge.search }),
      logger,
      tenantId: config.tenantId,
      refundLimitMajor: config.refundLimitMajor,
      customerRefundLimitMajor: config.customerRefundLimitMajor,
      refundPeriodDays: config.refundPeriodDays,
      externalServers: config.mcpServers,
    });
    let desk: Desk | undefined = undefined;
    const deps: GraphDeps = {
      tools: mcp.registry,
      reasoning,
      journal: new StoreJournal(db, stores),
      policy: {
        refundLimitMajor: config.refundLimitMajor,
        approvalDeadlineHours: config.approvalDeadlineHours,
      },
      failpoint: failpointFor(config.failpoint, logger),
      now: () => new Date(),
      // The desk is built after the graph; reply text reaches it through this late-bound forwarder.
      onReplyText: (run, text) => desk?.reportReplyText(run, text),
      memory,
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
    });
    mcp.attachDesk(desk);
    const bus = new InProcessEventBus();
    const relay = new OutboxRelay(stores.outbox, bus, logger);
    // Finished conversations are summarised into long-term memory (and may become draft articles).
    const remember = rememberTask({ db, memory, drafts: knowledge.drafts, logger });
    tasks.register(remember);
    rememberSettledRequests(bus, tasks, remember);
    await tasks.start();
    let closing: Promise<void> | undefined;
    return {
      config,
      logger,
      db,
      stores,
      bus,
      relay,
      desk,
      checkpointer,
      mcp,
      knowledge,
      memory,
      tasks,
      forgetCustomer: (customerId) =>
        forgetCustomer(
          { db, session, longTerm: memory.longTerm, drafts: knowledge.drafts },
          config.tenantId,
          customerId,
        ),
      close: () =>
        (closing ??= (async () => {
          // Runs started in the background (posted messages, queued followers) reach a checkpoint first.
          await desk.drain();
          await mcp.close();
          await relay.stop();
          // Embeddings and memories already queued are written before the process lets go.
          await tasks
            .drain(15_000)
            .catch((error: unknown) => logger.warn({ err: error }, 'background tasks left queued'));
          await tasks.close();
          await session.close();
          await bus.close();
          await responseCache.close();
          await db.close();
        })()),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Embedder, background tasks, session memory, knowledge base and memory manager, chosen by configuration. */
async function openKnowledge(
  config: Config,
  db: Database,
  stores: Stores,
  reasoning: ReasoningEngine,
  logger: Logger,
) {
  // One queue and one key space per deployment (its database), so deployments sharing a Redis never meet.
  const deployment = createHash('sha256')
    .update(config.databaseUrl ?? config.dataDir)
    .digest('hex')
    .slice(0, 10);
  const embedder: Embedder = config.knowledge.embeddings
    ? new OpenAiCompatibleEmbedder(config.knowledge.embeddings)
    : new LocalEmbedder();
  const tasks: TaskQueue = config.redisUrl
    ? new BullMqTaskQueue({ redisUrl: config.redisUrl, queueName: `tasks-${deployment}`, logger })
    : new InlineTaskQueue({ db, logger });
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
  const prepared = await knowledge.prepare(config.tenantId);
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
  return { knowledge, memory, tasks, session };
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
