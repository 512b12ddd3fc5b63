// Drives the graph for one request that its `graph.run` task has claimed: streams the run, reports each
// step as progress, stops at a step boundary when asked to (double texting, a worker shutting down), reuses
// answers people already recorded, and records where the run stopped.
import type { Logger } from '../logger.js';
import type { SupportGraph } from '../graph/build.js';
import type { ProgressEmitter } from '../graph/progress.js';
import { NODE_PROGRESS, type NodeProgress } from '../graph/progress.js';
import {
  RELAXED_CHECKPOINTS,
  THREAD_NOT_STARTED,
  type BatchedPostgresSaver,
  type ComposableStatement,
  type RequestRecord,
} from '../store/index.js';
import { StreamedStop, whereThreadStopped, type ThreadStop } from './checkpoints.js';
import { isHeldByPerson } from './hold.js';
import type { DeskStorage } from './desk-types.js';
import { resumeWith, startInput, threadConfig, type GraphInput } from './graph-input.js';
import { settleRequest, type SettledRun } from './settle.js';

/** At most this many recorded answers are replayed into one run (a replay through several approvals). */
const MAX_RECORDED_RESUMES = 10;

/** Where this many of the latest runs stopped are kept for callers waiting in this process. */
const RECENT_STOPS = 64;

type ThreadConfig = { configurable: Record<string, string> };

/** Why a run stopped before it settled: its thread moved on, or its worker is stopping. */
export class RunStopped extends Error {
  constructor(readonly reason: { supersededBy: string } | { handBack: true }) {
    super('supersededBy' in reason ? `superseded by ${reason.supersededBy}` : 'handed back at a checkpoint');
    this.name = 'RunStopped';
  }
}

/** Asked between steps: a reason to stop the run there, or undefined to go on. */
export type StopCheck = () => Promise<RunStopped | undefined>;

export class RunDriver {
  /** Where recent claimed runs stopped, by request, as read when they settled (oldest first, bounded). */
  private readonly recentStops = new Map<string, { attempt: number; stop: ThreadStop }>();

  constructor(
    private readonly graph: SupportGraph,
    private readonly storage: DeskStorage,
    private readonly progress: ProgressEmitter,
    private readonly logger: Logger,
    /** Stores a run's checkpoints behind it; asked at the run's end (see RELAXED_CHECKPOINTS). */
    private readonly checkpoints: Pick<BatchedPostgresSaver, 'runCheckpointsStored'>,
  ) {}

  /**
   * The input that continues a claimed request: its message when its run has not started, the recorded
   * answer when its thread waits on an answered approval, else nothing (go on from the last checkpoint).
   */
  async inputFor(request: RequestRecord): Promise<GraphInput> {
    // A request claimed for the first time has never run (claiming counts the attempt), so the thread cannot
    // have stopped on it: its message starts the run without reading the thread's checkpoint.
    if (request.attempts <= 1) return startInput(this.storage.tenantId, request);
    const stop = await whereThreadStopped(this.graph, threadConfig(request.conversationId));
    if (stop.requestId !== request.id) return startInput(this.storage.tenantId, request);
    if (!stop.waitingOn) return null;
    const recorded = await this.storage.stores.approvals.get(
      this.storage.tenantId,
      stop.waitingOn.approvalId,
    );
    return recorded?.answer && recorded.status !== 'pending' ? resumeWith(recorded.answer) : null;
  }

  /**
   * Where the request's run stopped, as read when it settled, if its latest claimed run was in this process:
   * a caller waiting here describes the run from it instead of reading the thread's latest checkpoint (all
   * of its state) again. Undefined when another process ran it, or long ago; then the checkpoint says.
   */
  recentStop(request: RequestRecord): ThreadStop | undefined {
    const recent = this.recentStops.get(request.id);
    // Each claim counts an attempt: a later run of the request (resumed after an approval, perhaps in
    // another process) has another count, and then only the checkpoint says where the thread stands.
    return recent?.attempt === request.attempts ? recent.stop : undefined;
  }

  private rememberStop(request: RequestRecord, stop: ThreadStop): void {
    this.recentStops.delete(request.id);
    this.recentStops.set(request.id, { attempt: request.attempts, stop });
    if (this.recentStops.size > RECENT_STOPS) {
      this.recentStops.delete(this.recentStops.keys().next().value!);
    }
  }

  /** Runs the graph until it finishes or waits for a person who has not answered yet; records the stop. */
  async drive(
    request: RequestRecord,
    input: GraphInput,
    options: {
      config?: ThreadConfig;
      shouldStop?: StopCheck;
      claimed?: boolean;
      /** False when the claim found the thread without a checkpoint: the run has none to read. */
      threadStarted?: boolean;
    } = {},
  ): Promise<SettledRun> {
    const ids = { threadId: request.conversationId, requestId: request.id };
    const log = this.logger.child(ids);
    this.progress.emit({ type: 'run.started', ...ids });
    try {
      let next = input;
      let config = options.config ?? threadConfig(request.conversationId);
      let stop: ThreadStop;
      for (let resumes = 0; ; resumes += 1) {
        const notStarted = resumes === 0 && options.threadStarted === false;
        // Its last checkpoints may still be on their way: a run that finished settles in their statement.
        const streamed = await this.runGraph(request, next, config, options.shouldStop, notStarted);
        config = threadConfig(request.conversationId);
        if (streamed === undefined) await this.land(request.conversationId);
        // Once per run: nothing writes the thread between here and settling, so settling reuses it.
        stop = streamed ?? (await whereThreadStopped(this.graph, config));
        const { waitingOn } = stop;
        if (!waitingOn || resumes >= MAX_RECORDED_RESUMES) break;
        await this.land(request.conversationId);
        // A replayed or recovered run meets approvals people have already answered: reuse their answers.
        const recorded = await this.storage.stores.approvals.get(this.storage.tenantId, waitingOn.approvalId);
        if (!recorded || recorded.status === 'pending' || !recorded.answer) break;
        log.info({ approvalId: recorded.id }, 'resuming with the recorded answer');
        next = resumeWith(recorded.answer);
      }
      const settled = await settleRequest(this.storage, request, stop, {
        claimed: options.claimed ?? false,
        land: (closing) => this.land(request.conversationId, closing),
      });
      if (options.claimed) this.rememberStop(request, stop);
      this.progress.emit({ type: 'run.settled', ...ids, status: settled.status });
      return settled;
    } catch (error) {
      // A person's claim that beat the agents' reply has not failed the run either: the person answers.
      const held = isHeldByPerson(error);
      if (!(error instanceof RunStopped) && !held) log.error({ err: error }, 'graph run failed');
      // A run handed back at a checkpoint has not failed: another worker goes on with it.
      if (!(error instanceof RunStopped && 'handBack' in error.reason) && !held)
        this.progress.emit({ type: 'run.failed', ...ids, error: (error as Error).message });
      throw error;
    }
  }

  /**
   * Runs the graph once, reporting each node as it starts and finishes, stopping between steps if asked.
   * Returns where the thread stopped, as the stream showed it: the state after its last step (what the
   * thread's latest checkpoint holds, once `land` has stored what is still on its way) and the approval a
   * step paused on. Undefined when the stream showed no state (a run that had nothing left to do): the
   * checkpoint then says. A run stopped between steps, or failed, is landed before this throws.
   */
  private async runGraph(
    request: RequestRecord,
    input: GraphInput,
    config: ThreadConfig,
    shouldStop: StopCheck | undefined,
    notStarted: boolean,
  ): Promise<ThreadStop | undefined> {
    const ids = { threadId: request.conversationId, requestId: request.id };
    const abort = new AbortController();
    // Asynchronous durability: a step's checkpoint is written while the next step runs, not before it starts
    // (on PostgreSQL that took two round trips off every step), and the checkpoints of steps that ran while
    // one was being written go together in the next statement. The run ends only once every write has
    // landed (see `land`; a finished run's settlement goes with the last of them), so a run that finishes,
    // waits on a person or is stopped between steps always leaves its last step stored. A process killed
    // mid-run may resume a few steps earlier and run them again: every side effect is idempotent by a key
    // derived from the request (actions, replies, approvals), which the scale-out and crash tests check by
    // killing workers mid-run.
    // Its checkpoints are run progress, so their commits do not wait for disk: a database crash, like this
    // process crashing, costs at most the last steps, which the run does again (see RELAXED_CHECKPOINTS).
    const stream = await this.graph.stream(input, {
      ...config,
      configurable: {
        ...config.configurable,
        [RELAXED_CHECKPOINTS]: true,
        ...(notStarted ? { [THREAD_NOT_STARTED]: true } : {}),
        // Each node says when it starts and finishes.
        [NODE_PROGRESS]: this.nodeProgress(ids),
      },
      // The state after each step, so where the run stopped is known without reading it back.
      streamMode: 'values',
      signal: abort.signal,
      durability: 'async',
    });
    const stopped = new StreamedStop();
    try {
      for await (const chunk of stream) {
        // Between steps: the run stops here if asked to (its steps so far are stored by then, or on their way).
        if (!stopped.see(chunk)) continue;
        const stop = await shouldStop?.();
        if (stop) {
          abort.abort(stop);
          throw stop;
        }
      }
    } catch (error) {
      await this.land(request.conversationId).catch(() => undefined);
      throw error;
    }
    return stopped.stop;
  }

  /** Reports a run's nodes as they start and finish, to whoever follows its progress. */
  private nodeProgress(ids: { threadId: string; requestId: string }): NodeProgress {
    return {
      started: (node) => this.progress.emit({ type: 'node.started', ...ids, node }),
      finished: (node, interrupted) =>
        this.progress.emit({ type: 'node.finished', ...ids, node, interrupted }),
    };
  }

  /**
   * Stores what the run left on its way before it settles, stops or is reported: its checkpoints (rejects
   * if one failed), with `closing` in the statement of the last of them, then the steps' decisions no
   * checkpoint took (a run that stopped between steps). Resolves with the rows of `closing`.
   */
  private async land(threadId: string, closing?: ComposableStatement): Promise<object[]> {
    try {
      return await this.checkpoints.runCheckpointsStored(threadId, { closing });
    } finally {
      await this.storage.stores.trail.flush(threadId);
    }
  }
}
