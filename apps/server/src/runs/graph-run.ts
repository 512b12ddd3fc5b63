// The `graph.run` task: runs one request of a thread on whichever worker takes it from the task queue. Runs
// on one thread go one at a time, oldest first (the request is claimed in the database, under the task's
// run id); when one settles, the next queued request of the thread is enqueued. A worker that dies mid-run
// has its task handed back by the job runner (inline lease table, BullMQ stalled jobs), and the run goes on
// from its last checkpoint under the same run id. Bad tasks fail for good, with their reason, at once.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ProgressEmitter } from '../graph/progress.js';
import { payloadOrReject, rejectTask, type Task, type TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { contextFrom, inSpan, SpanKind, traceCarrier, traceCarrierSchema } from '../observability/tracing.js';
import type { RequestRecord } from '../store/index.js';
import type { DeskStorage } from './desk-types.js';
import type { RunWrittenWithRequest } from './intake.js';
import { isHeldByPerson, leaveToPerson } from './hold.js';
import { RunStopped, type RunDriver } from './run-driver.js';
import { answerWithApprovalStatus, supersedeRequest } from './settle.js';

export const GRAPH_RUN = 'graph.run';

/** How often a running request asks whether a newer message superseded it (see `stopCheck`). */
const STOP_POLL_MS = 250;

const graphRunPayload = z.object({
  tenantId: z.string().min(1),
  requestId: z.string().min(1),
  /** Names this run: the claim on the request, so only this task (or its retry) drives it. */
  runId: z.string().min(1),
  /** The trace of the request that asked for this run (when tracing is on), so the run joins that trace. */
  trace: traceCarrierSchema.optional(),
});
export type GraphRunPayload = z.infer<typeof graphRunPayload>;

const withTrace = () => {
  const trace = traceCarrier();
  return trace ? { trace } : {};
};

/**
 * A run set aside for a request not yet stored (see `ThreadRuns.reserve`): written with it, then started, or
 * dropped when the request was not stored that way.
 */
export interface RunReservation extends RunWrittenWithRequest {
  /** The request was stored claimed by this run: it starts here now, without claiming it again. */
  start(request: RequestRecord): void;
  drop(): void;
}

export class ThreadRuns {
  /** Set when the worker stops: runs stop at their next step and are handed back. */
  private stopping = false;
  private readonly task: Task<GraphRunPayload>;
  /**
   * Requests stored already claimed by a run of this process (see `reserve`), by run id, until that run
   * starts. Its first attempt takes the claim from here; a retry, or a run elsewhere, claims as usual.
   */
  private readonly claimedAtIntake = new Map<string, RequestRecord>();

  constructor(
    private readonly storage: DeskStorage,
    private readonly queue: TaskQueue,
    private readonly driver: RunDriver,
    private readonly progress: ProgressEmitter,
    private readonly logger: Logger,
  ) {
    this.task = {
      name: GRAPH_RUN,
      // Any payload reaches `run`, which rejects a malformed one with its reason instead of retrying it.
      payload: z.unknown() as z.ZodType<GraphRunPayload>,
      attempts: 5,
      backoffMs: 500,
      run: (payload) =>
        inSpan(
          `${GRAPH_RUN} process`,
          {
            kind: SpanKind.CONSUMER,
            parent: contextFrom((payload as { trace?: unknown } | undefined)?.trace),
            attributes: { 'messaging.operation.type': 'process', 'frontdesk.request_id': payload?.requestId },
          },
          () => this.run(payload),
        ),
    };
    queue.register(this.task);
  }

  /** Enqueues a run of `request` (it runs once its thread is free); returns the run id. */
  async enqueue(request: Pick<RequestRecord, 'id'>, runId = `run.${request.id}.${randomUUID().slice(0, 8)}`) {
    await this.queue.enqueue(
      this.task,
      { tenantId: this.storage.tenantId, requestId: request.id, runId, ...withTrace() },
      { jobId: runId },
    );
    return runId;
  }

  /**
   * A run for a new conversation's first request, to be stored with it, when this process can run it at once
   * (the inline queue, with a loop free): the request is stored claimed by the run and the run's task beside
   * it, in the intake's own statement, so the run needs neither an enqueue nor a claim of its own. Undefined
   * otherwise: the request is stored queued and `enqueue` follows, as for any other.
   */
  reserve(): RunReservation | undefined {
    if (!this.queue.reserve) return undefined;
    const requestId = `req_${randomUUID()}`;
    const runId = `run.${requestId}.${randomUUID().slice(0, 8)}`;
    const payload = { tenantId: this.storage.tenantId, requestId, runId, ...withTrace() };
    const taken = this.queue.reserve(this.task, payload, runId);
    if (!taken) return undefined;
    return {
      requestId,
      runId,
      write: (q) => taken.write(q),
      start: (request) => {
        this.claimedAtIntake.set(runId, request);
        taken.start();
      },
      drop: () => taken.drop(),
    };
  }

  /**
   * Answers `request` at once with the status of the approval its thread waits for, when it is next in line
   * behind that wait (the claim decides, as for a queued run). Returns false when it must wait its turn: it
   * was not claimed, or was claimed with its thread free, in which case its task is enqueued under the claim.
   */
  async answerIfWaiting(request: RequestRecord): Promise<boolean> {
    const { stores, tenantId } = this.storage;
    const runId = `run.${request.id}.${randomUUID().slice(0, 8)}`;
    const claimed = await stores.requests.claimRun(tenantId, request.id, runId);
    if (!claimed) return false;
    if (!claimed.waitingBehind) {
      await this.enqueue(request, runId);
      return true;
    }
    await this.answerWithStatus(claimed.request);
    // A message that arrived meanwhile, whose own task found this one ahead of it, gets its turn now.
    const next = await stores.requests.nextQueued(tenantId, request.conversationId);
    if (next) await this.enqueue(next);
    return true;
  }

  /**
   * Makes sure every thread with unfinished requests has a task to run its oldest one (start-up, after a
   * crash). A request left running keeps its run id, so its own task (if the queue still has it) is not
   * doubled, and the claim lets exactly that run go on.
   */
  async ensureScheduled(): Promise<number> {
    let scheduled = 0;
    for (const head of await this.storage.stores.requests.headsOfUnfinishedThreads()) {
      if (head.tenantId !== this.storage.tenantId) continue;
      const { request } = head;
      const runId =
        request.runStatus === 'running'
          ? await this.storage.stores.requests.runIdOf(this.storage.tenantId, request.id)
          : undefined;
      await this.enqueue(request, runId);
      scheduled += 1;
    }
    return scheduled;
  }

  /** Stops taking new runs here; runs in progress stop at their next step and go back to the queue. */
  stop(): void {
    this.stopping = true;
  }

  private async run(payload: unknown): Promise<void> {
    const parsed = payloadOrReject(GRAPH_RUN, graphRunPayload, payload);
    const { tenantId, requestId, runId } = parsed;
    const { stores } = this.storage;
    // A new conversation's request stored claimed by this run: nothing is ahead of it on its thread, nobody
    // held the thread, and it has no checkpoint yet. Taken once: a retry claims as usual.
    const atIntake = this.claimedAtIntake.get(runId);
    this.claimedAtIntake.delete(runId);
    if (tenantId !== this.storage.tenantId) throw rejectTask(GRAPH_RUN, `unknown tenant ${tenantId}`);
    if (this.stopping) throw new RunStopped({ handBack: true });
    const claimed = atIntake
      ? { request: atIntake, waitingBehind: undefined, held: false, threadStarted: false }
      : await stores.requests.claimRun(tenantId, requestId, runId);
    // Not this task's to run (now): read the request only then, to tell a missing one from a busy thread.
    const request = claimed?.request ?? (await stores.requests.get(tenantId, requestId));
    // A thread's requests go with it (an erased customer): nothing is left to run, and retrying cannot help.
    if (!request) {
      throw rejectTask(GRAPH_RUN, `no request ${requestId} (never accepted, or its thread was deleted)`, {
        requestId,
      });
    }
    if (claimed?.waitingBehind) {
      await this.answerWithStatus(claimed.request);
    } else if (claimed && (await leaveToPerson(this.storage, claimed.request, claimed.held))) {
      // A person holds the thread: they answer this message, the agents do not.
      this.progress.emit({
        type: 'run.settled',
        threadId: request.conversationId,
        requestId,
        status: 'with_person',
      });
    } else if (claimed) {
      await this.drive(claimed.request, runId, claimed.threadStarted);
    }
    // Whatever happened here (or before a retry of this task), the thread's next queued request gets a turn:
    // this one again when a person answered it while its run was recording the pause.
    const next = await stores.requests.nextQueued(tenantId, request.conversationId);
    if (next && (next.id !== requestId || claimed)) await this.enqueue(next);
  }

  /** The thread waits for a person on an older request: answer with where that stands, leave it be. */
  private async answerWithStatus(request: RequestRecord): Promise<void> {
    await answerWithApprovalStatus(this.storage, request);
    const ids = { threadId: request.conversationId, requestId: request.id };
    this.progress.emit({ type: 'run.settled', ...ids, status: 'delivered' });
  }

  private async drive(request: RequestRecord, runId: string, threadStarted: boolean): Promise<void> {
    const { stores, tenantId } = this.storage;
    try {
      await this.driver.drive(request, await this.driver.inputFor(request), {
        shouldStop: this.stopCheck(request),
        claimed: true,
        threadStarted,
      });
    } catch (error) {
      if (error instanceof RunStopped && 'handBack' in error.reason) {
        // Stopped at a checkpoint: the retry of this task (here or on another worker) goes on from it.
        this.logger.info({ requestId: request.id, runId }, 'run handed back at a checkpoint');
        throw error;
      }
      if (error instanceof RunStopped && 'supersededBy' in error.reason) {
        const by = error.reason.supersededBy;
        await this.storage.db.transaction((tx) => supersedeRequest(this.storage, request, by, tx));
        return;
      }
      // A person took the thread over mid-run: their claim went first, so the agents' reply was not sent.
      if (isHeldByPerson(error) && (await leaveToPerson(this.storage, request))) {
        this.progress.emit({
          type: 'run.settled',
          threadId: request.conversationId,
          requestId: request.id,
          status: 'with_person',
        });
        return;
      }
      // The graph itself failed: recorded on the request; retrying the same run would fail the same way.
      await stores.requests.markSettled(tenantId, request.id, {
        runStatus: 'failed',
        outcome: 'failed',
        error: (error as Error).message,
      });
    }
  }

  /**
   * Whether the run should stop after the step it just finished: at once when this worker is stopping, and
   * when a newer message superseded the request (interrupt policy). That is asked of the database at most
   * every STOP_POLL_MS: superseding is rare and most runs finish within that, so they never ask (it was a
   * query after every step, twelve per request).
   */
  private stopCheck(request: RequestRecord): () => Promise<RunStopped | undefined> {
    let askedAt = Date.now();
    return async () => {
      if (this.stopping) return new RunStopped({ handBack: true });
      if (Date.now() - askedAt < STOP_POLL_MS) return undefined;
      askedAt = Date.now();
      const by = await this.storage.stores.requests.stopRequestedBy(this.storage.tenantId, request.id);
      return by ? new RunStopped({ supersededBy: by }) : undefined;
    };
  }
}
