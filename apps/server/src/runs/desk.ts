// The desk: what callers (HTTP, CLI, MCP, tests) ask of the run lifecycle. A message is stored, then a
// `graph.run` task is enqueued and any worker runs it (a new conversation's run, when this process can start
// it at once, is stored with the message instead); an approval's answer is recorded, then a resume is
// enqueued. Callers that need the outcome (the CLI, tests) wait for the request to settle.
import { AIMessage } from '@langchain/core/messages';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { SupportGraph } from '../graph/build.js';
import {
  ProgressEmitter,
  type DoubleTextingPolicy,
  type ProgressListener,
  type RunProgress,
} from '../graph/progress.js';
import { checkEditedRefund } from '../actions/index.js';
import { validateCustomerText } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ApprovalRecord, RequestRecord } from '../store/index.js';
import { ApprovalDeadlines } from './approval-deadlines.js';
import { answerableApproval, parseAnswer, recordAnswer, reescalateOverdue } from './approval-answers.js';
import { checkpointSummaries, locateCheckpoint, requireThread, whereThreadStopped } from './checkpoints.js';
import type {
  AcceptedMessage,
  ApprovalAnswerInput,
  CheckpointSummary,
  DeskOptions,
  DeskResult,
  DeskStorage,
  HandBack,
} from './desk-types.js';
import { threadConfig } from './graph-input.js';
import { ThreadBranches, type BranchAsk } from './branch-run.js';
import { ThreadRuns } from './graph-run.js';
import { acceptMessage, type IncomingMessage } from './intake.js';
import { RunDriver } from './run-driver.js';
import { describeSettled } from './settle.js';

/** Where progress of runs in other processes comes from (the deployment's progress fan-out). */
export interface ProgressSource {
  onProgress(listener: ProgressListener): () => void;
}

/** How long a caller waits for a request to settle before giving up (the run itself goes on). */
const SETTLE_TIMEOUT_MS = 120_000;

export class Desk {
  private readonly graph: SupportGraph;
  private readonly checkpointer: BaseCheckpointSaver;
  private readonly storage: DeskStorage;
  private readonly logger: Logger;
  private readonly defaultDoubleTexting: DoubleTextingPolicy;
  private readonly progress = new ProgressEmitter();
  private readonly driver: RunDriver;
  /** The `graph.run` task: registered on the queue here, run by whichever process works the queue. */
  readonly runs: ThreadRuns;
  /** The `graph.branch` task: replays and forks, run by whichever process works the queue. */
  private readonly branches: ThreadBranches;
  /** The `approvals.deadlines` task, which re-escalates overdue approvals and schedules its next check. */
  readonly deadlines: ApprovalDeadlines;
  /** Progress of runs in every process of the deployment (set by the runtime once its fan-out is open). */
  private deployment: ProgressSource | undefined;

  constructor(options: DeskOptions) {
    this.graph = options.graph;
    this.checkpointer = options.checkpointer;
    this.logger = options.logger;
    this.defaultDoubleTexting = options.doubleTexting ?? 'queue';
    this.storage = { db: options.db, stores: options.stores, tenantId: options.tenantId };
    this.driver = new RunDriver(this.graph, this.storage, this.progress, this.logger, options.checkpointer);
    this.runs = new ThreadRuns(this.storage, options.tasks, this.driver, this.progress, this.logger);
    this.branches = new ThreadBranches(
      this.storage,
      options.tasks,
      this.graph,
      this.checkpointer,
      this.driver,
    );
    this.deadlines = new ApprovalDeadlines(this.storage, options.tasks, {
      extendByHours: options.approvalDeadlineHours ?? 24,
      logger: this.logger,
    });
  }

  /**
   * Hears runs settle in any process of the deployment (the progress fan-out), so a caller waiting for a
   * request run by a worker elsewhere is told at once and polls the database only as a slow fallback.
   */
  hearDeployment(source: ProgressSource): void {
    this.deployment = source;
  }

  /** Reports reply text being drafted on a run (wired from the graph's `onReplyText`). */
  reportReplyText(run: { conversationId: string; requestId: string }, text: string): void {
    this.progress.emit({ type: 'reply.delta', threadId: run.conversationId, requestId: run.requestId, text });
  }

  /** Listens to the progress of every run this process drives; returns the function that stops listening. */
  onProgress(listener: ProgressListener): () => void {
    return this.progress.on(listener);
  }

  /** Accepts a customer's message on a new or existing thread and waits until its request settles. */
  async ask(input: IncomingMessage): Promise<DeskResult> {
    // Runs that settle while the message is being accepted are heard too (a thread waiting for a person
    // answers at once), so a request just queued is not read back before its run has said anything.
    const heard = new Set<string>();
    const stop = this.onSettling((requestId) => heard.add(requestId));
    let accepted: AcceptedMessage;
    try {
      accepted = await this.submit(input);
    } finally {
      stop();
    }
    const { request } = accepted;
    const justQueued =
      (request.runStatus === 'queued' || accepted.claimedBy !== undefined) && !heard.has(request.id);
    return this.settled(request.id, SETTLE_TIMEOUT_MS, { readFirst: !justQueued });
  }

  /** Accepts a message and enqueues its run; returns at once. Progress comes through `onProgress` and events. */
  async submit(input: IncomingMessage): Promise<AcceptedMessage> {
    // A new conversation's run, stored with its request when this process can run it at once.
    const reserved =
      input.threadId === undefined && input.requestId === undefined ? this.runs.reserve() : undefined;
    let accepted: AcceptedMessage;
    try {
      accepted = await acceptMessage(this.storage, this.defaultDoubleTexting, input, reserved);
    } catch (error) {
      reserved?.drop();
      throw error;
    }
    if (reserved && accepted.claimedBy === reserved.runId) {
      reserved.start(accepted.request);
      return accepted;
    }
    reserved?.drop();
    const { request, queuedBehind } = accepted;
    if (queuedBehind) {
      this.progress.emit({ type: 'request.queued', threadId: request.conversationId, requestId: request.id });
      // A thread waiting for a person answers at once with where that stands, not after every run queued
      // before it on a busy desk (the issue 17 load test waited minutes for it).
      if (await this.schedule(request, () => this.runs.answerIfWaiting(request))) return accepted;
    }
    await this.schedule(request);
    return accepted;
  }

  /** The tenant's double-texting policy: its stored setting, else the configured default. */
  async doubleTextingPolicy(): Promise<DoubleTextingPolicy> {
    return (
      (await this.storage.stores.settings.doubleTexting(this.storage.tenantId)) ?? this.defaultDoubleTexting
    );
  }

  async setDoubleTextingPolicy(policy: DoubleTextingPolicy): Promise<void> {
    await this.storage.stores.settings.setDoubleTexting(this.storage.tenantId, policy);
  }

  /** Answers a pending approval and waits until its thread, resumed by a worker, settles again. */
  async answerApproval(approvalId: string, input: ApprovalAnswerInput): Promise<DeskResult> {
    const request = await this.submitAnswer(approvalId, input);
    return this.settled(request.id);
  }

  /** Records an answer (every check and refusal happens before it returns) and enqueues the resume. */
  async submitAnswer(approvalId: string, input: ApprovalAnswerInput): Promise<RequestRecord> {
    const approval = await answerableApproval(this.storage, approvalId, input.role);
    const answer = parseAnswer(input);
    if (answer.decision === 'edit' && answer.action?.kind === 'refund') {
      await checkEditedRefund(
        this.storage.stores,
        this.storage.tenantId,
        approval.customerId,
        answer.action,
        new Date(),
      );
    }
    const { waitingOn } = await whereThreadStopped(this.graph, threadConfig(approval.conversationId));
    if (waitingOn?.approvalId !== approvalId) {
      throw new DeskError(
        'THREAD_NOT_WAITING',
        `Thread ${approval.conversationId} is not waiting for ${approvalId}`,
        {
          threadId: approval.conversationId,
        },
      );
    }
    // The answer and the request queued to resume are one transaction: no answer is lost, none resumes twice.
    await recordAnswer(this.storage, approval, answer);
    const request = (await this.storage.stores.requests.get(this.storage.tenantId, approval.requestId))!;
    await this.schedule(request);
    return request;
  }

  /**
   * Enqueues the run of a request already stored. When the queue does not answer (Redis down) the request
   * is still accepted: it is in the database, and workers enqueue every unfinished request again once the
   * queue returns (see `Runtime.startWork`), so the caller hears "accepted", not an error.
   */
  private async schedule(
    request: RequestRecord,
    enqueue: () => Promise<unknown> = () => this.runs.enqueue(request),
  ): Promise<boolean> {
    try {
      return (await enqueue()) !== false;
    } catch (error) {
      if (!(error instanceof DeskError && error.code === 'QUEUE_UNAVAILABLE')) throw error;
      this.logger.warn(
        { requestId: request.id, threadId: request.conversationId },
        'task queue unavailable: the request is stored and runs once the queue answers again',
      );
      return true;
    }
  }

  /**
   * Puts what a person said while they held the thread, and their hand-back summary, into the thread's
   * state, so the agents' next answer builds on it. A thread paused on an approval keeps its pause: its state
   * is left alone and false is returned.
   */
  async rememberHandBack(threadId: string, handBack: HandBack): Promise<boolean> {
    const config = threadConfig(threadId);
    const { waitingOn, values } = await whereThreadStopped(this.graph, config);
    if (waitingOn) return false;
    const said = handBack.said.map(
      (message) => new AIMessage({ id: message.id, content: message.text, name: handBack.person }),
    );
    // As the delivery step, so the thread stands finished (nothing pending) and the next message starts afresh.
    await this.graph.updateState(
      config,
      {
        messages: said,
        sessionData: {
          handBack: { person: handBack.person, summary: handBack.summary, turn: values.turn ?? 0 },
        },
      },
      'deliver',
    );
    return true;
  }

  async pendingApprovals(): Promise<ApprovalRecord[]> {
    return this.storage.stores.approvals.pending(this.storage.tenantId);
  }

  /** The thread's checkpoints, newest first. */
  async history(threadId: string): Promise<CheckpointSummary[]> {
    await requireThread(this.storage, threadId);
    return checkpointSummaries(this.graph, threadId);
  }

  /**
   * Runs the thread again from one of its checkpoints, as a new branch of its history, on a worker, and waits
   * for the outcome. Recorded answers of people are replayed; actions already performed are not performed
   * again. An unknown thread or checkpoint is refused here, before anything is queued.
   */
  async replay(threadId: string, checkpointId: string): Promise<DeskResult> {
    return this.branch({ kind: 'replay', threadId, checkpointId });
  }

  /**
   * Copies a checkpoint as a new branch of the thread's history and runs it from there; with `message`, the
   * customer's message of that request is replaced on the branch first (a "what if they had said…").
   */
  async fork(threadId: string, checkpointId: string, edit: { message?: string } = {}): Promise<DeskResult> {
    const message = edit.message === undefined ? undefined : validateCustomerText(edit.message);
    return this.branch({
      kind: 'fork',
      threadId,
      checkpointId,
      ...(message === undefined ? {} : { message }),
    });
  }

  private async branch(ask: BranchAsk): Promise<DeskResult> {
    const { request } = await locateCheckpoint(
      this.storage,
      this.graph,
      this.checkpointer,
      ask.threadId,
      ask.checkpointId,
    );
    const branchId = await this.branches.start(ask, request);
    return this.waitFor(
      request.id,
      SETTLE_TIMEOUT_MS,
      true,
      () => this.branches.outcome(branchId),
      () => ({
        code: 'RUN_FAILED',
        message: `The ${ask.kind} of ${ask.threadId} did not finish within ${SETTLE_TIMEOUT_MS} ms`,
        details: { threadId: ask.threadId, branchId },
      }),
    );
  }

  /**
   * Re-escalates approvals whose deadline has passed: admins may now answer too, the deadline moves on, and
   * an event tells whoever supervises the queue. Returns the approvals it re-escalated.
   */
  async reescalateOverdue(now: Date = new Date(), extendByHours = 24): Promise<ApprovalRecord[]> {
    return reescalateOverdue(this.storage, now, extendByHours);
  }

  /**
   * Waits until a request is no longer queued or running, then describes where it stopped. With `readFirst`
   * false (a request the caller has just queued) the request is first read when its run says it settled, or
   * at the first poll.
   */
  async settled(
    requestId: string,
    timeoutMs = SETTLE_TIMEOUT_MS,
    { readFirst = true }: { readFirst?: boolean } = {},
  ): Promise<DeskResult> {
    const { stores, tenantId } = this.storage;
    let runStatus = 'queued';
    return this.waitFor(
      requestId,
      timeoutMs,
      readFirst,
      async (heard) => {
        // A run says it settled once its settlement is committed: its decisions are then read beside the
        // request, not after it. Unheard (a poll), the request is read first, so decisions read after it
        // cannot predate a settlement it shows.
        const [request, recorded] = await Promise.all([
          stores.requests.get(tenantId, requestId),
          heard ? stores.decisions.byRequest(tenantId, requestId) : undefined,
        ]);
        if (!request) throw new DeskError('NOT_FOUND', `No request ${requestId}`, { requestId });
        runStatus = request.runStatus;
        if (request.runStatus === 'queued' || request.runStatus === 'running') return undefined;
        return describeSettled(
          this.storage,
          request,
          this.driver.recentStop(request) ??
            (await whereThreadStopped(this.graph, threadConfig(request.conversationId))),
          recorded,
        );
      },
      () => ({
        code: 'RUN_FAILED',
        message: `Request ${requestId} did not settle within ${timeoutMs} ms`,
        details: { requestId, runStatus },
      }),
    );
  }

  /**
   * Reads `outcome` until it answers, woken when a run of `requestId` settles. Runs say when they settle, in
   * this process and (through the deployment's fan-out) in others; since the fan-out is best effort the read
   * is also repeated, less often the longer it takes, so many callers waiting at once (a busy API) do not
   * crowd out the runs themselves.
   */
  private async waitFor<T>(
    requestId: string,
    timeoutMs: number,
    /** False: wait for the run's signal (or the first poll) before the first read. */
    readFirst: boolean,
    /** `heard`: a run of the request said it settled (or failed) since the last read. */
    outcome: (heard: boolean) => Promise<T | undefined>,
    late: () => { code: 'RUN_FAILED'; message: string; details?: Record<string, unknown> },
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let nudge: (() => void) | undefined;
    let pollMs = this.deployment ? 500 : 50;
    // Set when a run settles, so a signal that arrives while the outcome is being read (and before the wait
    // below begins) is not lost: the next read happens at once instead of after a poll.
    let signalled = false;
    // A run reports a failure (and a branch its end) just before it records it: once heard, read again soon.
    let heard = false;
    const stop = this.onSettling((settling) => {
      if (settling !== requestId) return;
      signalled = true;
      heard = true;
      nudge?.();
    });
    try {
      for (let first = true; ; first = false) {
        const heardNow = signalled;
        signalled = false;
        if (readFirst || !first) {
          const answer = await outcome(heardNow);
          if (answer !== undefined) return answer;
        }
        if (Date.now() > deadline) {
          const { code, message, details } = late();
          throw new DeskError(code, message, details ?? { requestId });
        }
        if (signalled) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, heard ? 50 : pollMs);
          pollMs = Math.min(pollMs * 2, 1000);
          nudge = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      stop();
    }
  }

  /**
   * Calls `listener` with the request of each run that says it settled or failed, in this process and
   * (through the deployment's fan-out) in others; returns the function that stops listening.
   */
  private onSettling(listener: (requestId: string) => void): () => void {
    const hear = (progress: RunProgress) => {
      if (progress.type === 'run.settled' || progress.type === 'run.failed') listener(progress.requestId);
    };
    const stops = [this.progress.on(hear), this.deployment?.onProgress(hear)];
    return () => {
      for (const stop of stops) stop?.();
    };
  }
}
