// The desk: the one entry point for running the support graph. It accepts a customer message (writing the
// request before any work, so a crash cannot lose it), drives the graph until it delivers or pauses for a
// person, answers approvals, recovers runs a crashed process left behind, and exposes history and replay.
import { randomUUID } from 'node:crypto';
import { HumanMessage } from '@langchain/core/messages';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { validateCustomerText } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ApprovalRecord, Database, RequestRecord, Stores } from '../store/index.js';
import { answerableApproval, parseAnswer, recordAnswer, reescalateOverdue } from './approval-answers.js';
import type { SupportGraph } from './build.js';
import type {
  AcceptedMessage,
  ApprovalAnswerInput,
  CheckpointSummary,
  DeskOptions,
  DeskResult,
  DeskStorage,
} from './desk-types.js';
import { acknowledgeFollowUp } from './follow-ups.js';
import { commandInput, resumeWith, startInput, threadConfig, type GraphInput } from './graph-input.js';
import { makeEvent } from '../events/envelope.js';
import { ProgressEmitter, isAgentNode, type DoubleTextingPolicy, type ProgressListener } from './progress.js';
import { LEASE_MS, holderIsDead, leaseOwner } from './run-lease.js';
import { RunSlots } from './run-slots.js';
import { pendingRequest, settleRequest, supersedeRequest } from './settle.js';
import type { SupportStateValue } from './state.js';
import { checkpointSummaries, locateCheckpoint, requireThread } from './thread-history.js';

export type {
  AcceptedMessage,
  ApprovalAnswerInput,
  CheckpointSummary,
  DeskDecision,
  DeskOptions,
  DeskResult,
  DeskStatus,
  DeskToolCall,
} from './desk-types.js';

/** At most this many recorded answers are replayed into one run (a replay through several approvals). */
const MAX_RECORDED_RESUMES = 10;

export class Desk {
  private readonly graph: SupportGraph;
  private readonly checkpointer: BaseCheckpointSaver;
  private readonly db: Database;
  private readonly stores: Stores;
  private readonly tenantId: string;
  private readonly logger: Logger;
  private readonly defaultDoubleTexting: DoubleTextingPolicy;
  private readonly storage: DeskStorage;
  private readonly progress = new ProgressEmitter();
  /** Runs this process is driving, by request id, so an interrupt can stop one. */
  private readonly running = new Map<string, AbortController>();
  /** Work started in the background (posted messages, queued followers), awaited by `drain()`. */
  private readonly background = new Set<Promise<unknown>>();
  private readonly slots: RunSlots;

  constructor(options: DeskOptions) {
    this.graph = options.graph;
    this.checkpointer = options.checkpointer;
    this.db = options.db;
    this.stores = options.stores;
    this.tenantId = options.tenantId;
    this.logger = options.logger;
    this.defaultDoubleTexting = options.doubleTexting ?? 'queue';
    this.slots = new RunSlots(options.maxBackgroundRuns ?? 4);
    this.storage = { db: this.db, stores: this.stores, tenantId: this.tenantId };
  }

  /** Reports reply text being drafted on a run (wired from the graph's `onReplyText`). */
  reportReplyText(run: { conversationId: string; requestId: string }, text: string): void {
    this.progress.emit({ type: 'reply.delta', threadId: run.conversationId, requestId: run.requestId, text });
  }

  /** Listens to the progress of every run in this process; returns the function that stops listening. */
  onProgress(listener: ProgressListener): () => void {
    return this.progress.on(listener);
  }

  /**
   * Accepts a customer's message on a new or existing thread and runs it until it settles. On a busy thread
   * (queue policy) it returns at once with status `queued`; the message runs when the thread is free.
   */
  async ask(input: { customerId: string; text: string; threadId?: string | undefined }): Promise<DeskResult> {
    const { request, queuedBehind } = await this.acceptMessage(input);
    if (queuedBehind)
      return {
        threadId: request.conversationId,
        requestId: request.id,
        status: 'queued',
        decisions: [],
        toolCalls: [],
      };
    return this.drive(request, this.startInput(request));
  }

  /**
   * Accepts a message and returns at once; the run continues in the background of this process (or waits
   * behind the thread's open request). Progress is reported through `onProgress`, events through the outbox.
   */
  async submit(input: {
    customerId: string;
    text: string;
    threadId?: string | undefined;
  }): Promise<AcceptedMessage> {
    const accepted = await this.acceptMessage(input);
    if (!accepted.queuedBehind) {
      const { request } = accepted;
      this.inBackground(
        this.whenSlotFree(request, () => this.drive(request, this.startInput(request))),
        request,
      );
    }
    return accepted;
  }

  /** Waits until the work this process started in the background has settled (for graceful shutdown). */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.background.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.background]),
        new Promise((resolve) => (timer = setTimeout(resolve, left))),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  /** The tenant's double-texting policy: its stored setting, else the configured default. */
  async doubleTextingPolicy(): Promise<DoubleTextingPolicy> {
    const [row] = await this.db.query<{ double_texting: DoubleTextingPolicy }>(
      'SELECT double_texting FROM tenant_settings WHERE tenant_id = $1',
      [this.tenantId],
    );
    return row?.double_texting ?? this.defaultDoubleTexting;
  }

  async setDoubleTextingPolicy(policy: DoubleTextingPolicy): Promise<void> {
    await this.db.query(
      `INSERT INTO tenant_settings (tenant_id, double_texting) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET double_texting = EXCLUDED.double_texting, updated_at = now()`,
      [this.tenantId, policy],
    );
  }

  /** Validates and stores a message as a queued request; nothing runs yet. */
  async accept(input: {
    customerId: string;
    text: string;
    threadId?: string | undefined;
  }): Promise<RequestRecord> {
    return (await this.acceptMessage(input)).request;
  }

  /**
   * Validates and stores a message as a queued request; nothing runs yet. On a thread still handling a
   * request the tenant's double-texting policy decides: `queue` (wait behind it), `reject` (THREAD_BUSY) or
   * `interrupt` (a waiting request is superseded, a running one here is stopped; the new one runs next).
   */
  async acceptMessage(input: {
    customerId: string;
    text: string;
    threadId?: string | undefined;
  }): Promise<AcceptedMessage> {
    const text = validateCustomerText(input.text);
    const { customers, conversations, requests, outbox } = this.stores;
    let busy: RequestRecord | undefined;
    let policy: DoubleTextingPolicy = 'queue';
    const customer = await customers.get(this.tenantId, input.customerId);
    if (!customer) {
      throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${input.customerId}`, {
        customerId: input.customerId,
      });
    }
    if (input.threadId !== undefined) {
      const conversation = await conversations.get(this.tenantId, input.threadId);
      // Another customer's thread is reported exactly like a missing one, so ids cannot be probed.
      if (!conversation || conversation.customerId !== customer.id) {
        throw new DeskError('THREAD_NOT_FOUND', `No thread ${input.threadId} for this customer`, {
          threadId: input.threadId,
        });
      }
      busy = await requests.openOnConversation(this.tenantId, conversation.id);
      policy = busy ? await this.doubleTextingPolicy() : 'queue';
      if (busy && policy === 'reject') {
        throw new DeskError('THREAD_BUSY', `Thread ${conversation.id} is still handling request ${busy.id}`, {
          threadId: conversation.id,
          requestId: busy.id,
          runStatus: busy.runStatus,
        });
      }
    }
    const threadId = input.threadId ?? `th_${randomUUID()}`;
    const requestId = `req_${randomUUID()}`;
    await this.db.transaction(async (tx) => {
      if (input.threadId === undefined) await conversations.create(this.tenantId, threadId, customer.id, tx);
      await conversations.addMessage(
        this.tenantId,
        { id: requestId, conversationId: threadId, requestId, role: 'customer', text },
        tx,
      );
      await requests.create(
        this.tenantId,
        { id: requestId, conversationId: threadId, customerId: customer.id, text },
        tx,
      );
      await outbox.append(
        makeEvent(
          { tenantId: this.tenantId, requestId, customerId: customer.id },
          'customer.requests',
          'request.accepted',
          { conversationId: threadId, text },
        ),
        tx,
      );
      if (busy && policy === 'interrupt' && busy.runStatus === 'waiting')
        await supersedeRequest(this.storage, busy, requestId, tx);
    });
    const request = (await requests.get(this.tenantId, requestId))!;
    let queuedBehind: string | undefined;
    if (busy && !(policy === 'interrupt' && busy.runStatus === 'waiting')) {
      // A running request is stopped when it runs here; either way the new one waits for the thread.
      if (policy === 'interrupt') this.running.get(busy.id)?.abort(new Error(`superseded by ${requestId}`));
      queuedBehind = busy.id;
      this.progress.emit({ type: 'request.queued', threadId, requestId });
      if (policy === 'queue') await acknowledgeFollowUp(this.storage, busy, request);
    }
    return { request, queuedBehind };
  }

  /** Answers a pending approval and resumes its thread from the checkpoint, in this process. */
  async answerApproval(approvalId: string, input: ApprovalAnswerInput): Promise<DeskResult> {
    const { request, answer } = await this.recordApprovalAnswer(approvalId, input);
    return this.drive(request, resumeWith(answer));
  }

  /** Records an answer (every check and refusal happens before it returns) and resumes in the background. */
  async submitAnswer(approvalId: string, input: ApprovalAnswerInput): Promise<RequestRecord> {
    const { request, answer } = await this.recordApprovalAnswer(approvalId, input);
    this.inBackground(
      this.whenSlotFree(request, () => this.drive(request, resumeWith(answer))),
      request,
    );
    return request;
  }

  private async recordApprovalAnswer(approvalId: string, input: ApprovalAnswerInput) {
    const approval = await answerableApproval(this.storage, approvalId, input.role);
    const answer = parseAnswer(input);
    const snapshot = await this.graph.getState(threadConfig(approval.conversationId));
    if (pendingRequest(snapshot)?.approvalId !== approvalId) {
      throw new DeskError(
        'THREAD_NOT_WAITING',
        `Thread ${approval.conversationId} is not waiting for ${approvalId}`,
        {
          threadId: approval.conversationId,
        },
      );
    }
    const request = (await this.stores.requests.get(this.tenantId, approval.requestId))!;
    // Lease first, so a worker's recovery pass cannot pick the run up between the answer and the resume.
    await this.claimOrBusy(request);
    try {
      await recordAnswer(this.storage, approval, answer);
    } catch (error) {
      await this.stores.requests.release(this.tenantId, request.id, leaseOwner);
      throw error;
    }
    return { request, answer };
  }

  /** Resumes every request a stopped or crashed process left queued or running. */
  async recoverUnfinished(): Promise<DeskResult[]> {
    const results: DeskResult[] = [];
    for (const request of await this.stores.requests.unfinished(this.tenantId)) {
      // Runs on one thread go one at a time, oldest first; a run this process drives is not recovered.
      if (this.running.has(request.id) || this.slots.holds(request.id) || (await this.waitsBehind(request)))
        continue;
      // A live process (this one or another) still driving it keeps its lease: leave it alone.
      if (!(await this.stores.requests.claim(this.tenantId, request.id, leaseOwner, LEASE_MS, holderIsDead)))
        continue;
      const snapshot = await this.graph.getState(threadConfig(request.conversationId));
      const started = (snapshot.values as Partial<SupportStateValue>).requestId === request.id;
      this.logger.info(
        { requestId: request.id, threadId: request.conversationId, started },
        'recovering request',
      );
      results.push(await this.drive(request, started ? null : this.startInput(request)));
    }
    return results;
  }

  async pendingApprovals(): Promise<ApprovalRecord[]> {
    return this.stores.approvals.pending(this.tenantId);
  }

  /** The thread's checkpoints, newest first. */
  async history(threadId: string): Promise<CheckpointSummary[]> {
    await requireThread(this.storage, threadId);
    return checkpointSummaries(this.graph, threadId);
  }

  /**
   * Runs the thread again from one of its checkpoints, as a new branch of its history. Recorded answers of
   * people are replayed; actions already performed are not performed again (their keys are the same).
   */
  async replay(threadId: string, checkpointId: string): Promise<DeskResult> {
    const { request, config } = await locateCheckpoint(
      this.storage,
      this.graph,
      this.checkpointer,
      threadId,
      checkpointId,
    );
    return this.drive(request, null, config);
  }

  /**
   * Copies a checkpoint as a new branch of the thread's history and runs it from there; with `message`, the
   * customer's message of that request is replaced on the branch first (a "what if they had said…").
   */
  async fork(threadId: string, checkpointId: string, edit: { message?: string } = {}): Promise<DeskResult> {
    const message = edit.message === undefined ? undefined : validateCustomerText(edit.message);
    const { request, config } = await locateCheckpoint(
      this.storage,
      this.graph,
      this.checkpointer,
      threadId,
      checkpointId,
    );
    const branch = await this.graph.updateState(config, undefined, '__copy__');
    if (message === undefined) return this.drive(request, null, branch as typeof config);
    const { next } = await this.graph.getState(branch);
    const update = { messages: [new HumanMessage({ id: request.id, content: message })] };
    return this.drive(request, commandInput({ update, goto: [...next] }), branch as typeof config);
  }

  /**
   * Re-escalates approvals whose deadline has passed: admins may now answer too, the deadline moves on, and
   * an event tells whoever supervises the queue. Returns the approvals it re-escalated.
   */
  async reescalateOverdue(now: Date = new Date(), extendByHours = 24): Promise<ApprovalRecord[]> {
    return reescalateOverdue(this.storage, now, extendByHours);
  }

  /** Runs the graph until it finishes or waits for a person who has not answered yet. */
  private async drive(
    request: RequestRecord,
    input: GraphInput,
    config: { configurable: Record<string, string> } = threadConfig(request.conversationId),
  ): Promise<DeskResult> {
    const log = this.logger.child({ requestId: request.id, threadId: request.conversationId });
    if (this.running.has(request.id)) {
      throw new DeskError('THREAD_BUSY', `Request ${request.id} is already running here`, {
        threadId: request.conversationId,
        requestId: request.id,
      });
    }
    // Marked running before the first await, so a recovery pass in this process cannot start it twice.
    const abort = new AbortController();
    this.running.set(request.id, abort);
    try {
      await this.claimOrBusy(request);
    } catch (error) {
      this.running.delete(request.id);
      throw error;
    }
    this.progress.emit({ type: 'run.started', threadId: request.conversationId, requestId: request.id });
    const heartbeat = setInterval(() => {
      this.stores.requests
        .claim(this.tenantId, request.id, leaseOwner, LEASE_MS)
        .catch((error: unknown) => log.warn({ err: error }, 'could not renew the run lease'));
    }, LEASE_MS / 3);
    heartbeat.unref();
    let settled: DeskResult | undefined;
    try {
      settled = await this.driveLeased(request, input, config, log, abort.signal);
      this.progress.emit({
        type: 'run.settled',
        threadId: request.conversationId,
        requestId: request.id,
        status: settled.status,
      });
      return settled;
    } catch (error) {
      this.progress.emit({
        type: 'run.failed',
        threadId: request.conversationId,
        requestId: request.id,
        error: (error as Error).message,
      });
      throw error;
    } finally {
      clearInterval(heartbeat);
      this.running.delete(request.id);
      await this.stores.requests.release(this.tenantId, request.id, leaseOwner);
      // A thread that is free again runs whatever the customer wrote meanwhile (double texting: queue).
      if (settled?.status !== 'awaiting_approval' && settled?.status !== 'escalated') {
        this.inBackground(this.startNextQueued(request.conversationId), request);
      }
    }
  }

  /** Runs the graph once, reporting each node as it starts and finishes. */
  private async runGraph(
    request: RequestRecord,
    input: GraphInput,
    config: { configurable: Record<string, string> },
    signal: AbortSignal,
  ): Promise<void> {
    const ids = { threadId: request.conversationId, requestId: request.id };
    // Synchronous durability: each step's checkpoint is stored before the next step starts, so a process
    // killed mid-run resumes from the step it finished, never from an older one (which would redo work).
    const stream = await this.graph.stream(input, {
      ...config,
      streamMode: 'tasks',
      signal,
      durability: 'sync',
    });
    for await (const chunk of stream) {
      const task = chunk as { name: string; input?: unknown; result?: unknown; interrupts?: unknown[] };
      if (!isAgentNode(task.name)) continue;
      if ('result' in task || 'error' in task) {
        const interrupted = (task.interrupts?.length ?? 0) > 0;
        this.progress.emit({ type: 'node.finished', ...ids, node: task.name, interrupted });
      } else {
        this.progress.emit({ type: 'node.started', ...ids, node: task.name });
      }
    }
  }

  /** Whether an older request on the same thread is still open, so this one must wait its turn. */
  private async waitsBehind(request: RequestRecord): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM requests o, requests r
       WHERE r.tenant_id = $1 AND r.id = $2 AND o.tenant_id = r.tenant_id
         AND o.conversation_id = r.conversation_id AND o.run_status IN ('queued', 'running', 'waiting')
         AND (o.created_at, o.id) < (r.created_at, r.id) LIMIT 1`,
      [this.tenantId, request.id],
    );
    return rows.length > 0;
  }

  /** Keeps a background run's promise for `drain()`; its failure is logged, never unhandled. */
  private inBackground(work: Promise<unknown>, request: RequestRecord): void {
    const tracked = work
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, requestId: request.id, threadId: request.conversationId },
          'background run ended with an error',
        ),
      )
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** When a thread is free again, starts the oldest message that was queued on it. */
  private async startNextQueued(threadId: string): Promise<void> {
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM requests WHERE tenant_id = $1 AND conversation_id = $2 AND run_status = 'queued'
       ORDER BY created_at, id LIMIT 1`,
      [this.tenantId, threadId],
    );
    const next = row && (await this.stores.requests.get(this.tenantId, row.id));
    if (!next || this.running.has(next.id) || this.slots.holds(next.id) || (await this.waitsBehind(next)))
      return;
    this.inBackground(
      this.whenSlotFree(next, () => this.drive(next, this.startInput(next))),
      next,
    );
  }

  /** Runs `work` in one of this process's background slots (see RunSlots). */
  private whenSlotFree<T>(request: RequestRecord, work: () => Promise<T>): Promise<T> {
    return this.slots.run(request.id, work);
  }

  private async claimOrBusy(request: RequestRecord): Promise<void> {
    if (!(await this.stores.requests.claim(this.tenantId, request.id, leaseOwner, LEASE_MS, holderIsDead))) {
      throw new DeskError('THREAD_BUSY', `Request ${request.id} is being handled by another process`, {
        threadId: request.conversationId,
        requestId: request.id,
      });
    }
  }

  private async driveLeased(
    request: RequestRecord,
    input: GraphInput,
    config: { configurable: Record<string, string> },
    log: Logger,
    signal: AbortSignal,
  ): Promise<DeskResult> {
    await this.stores.requests.markRunning(this.tenantId, request.id);
    let next = input;
    let runConfig = config;
    try {
      for (let resumes = 0; resumes <= MAX_RECORDED_RESUMES; resumes += 1) {
        await this.runGraph(request, next, runConfig, signal);
        runConfig = threadConfig(request.conversationId);
        const waitingOn = pendingRequest(await this.graph.getState(runConfig));
        if (!waitingOn) break;
        // A replayed or recovered run meets approvals people have already answered: reuse their answers.
        const recorded = await this.stores.approvals.get(this.tenantId, waitingOn.approvalId);
        if (!recorded || recorded.status === 'pending' || !recorded.answer) break;
        log.info({ approvalId: recorded.id }, 'resuming with the recorded answer');
        next = resumeWith(recorded.answer);
      }
    } catch (error) {
      log.error({ err: error }, 'graph run failed');
      await this.stores.requests.markSettled(this.tenantId, request.id, {
        runStatus: 'failed',
        outcome: 'failed',
        error: (error as Error).message,
      });
      throw error;
    }
    return this.settle(request);
  }

  /** Reads where the thread stopped, records it on the request, and describes it. */
  private async settle(request: RequestRecord): Promise<DeskResult> {
    return settleRequest(
      this.storage,
      request,
      await this.graph.getState(threadConfig(request.conversationId)),
    );
  }

  private startInput(request: RequestRecord): GraphInput {
    return startInput(this.tenantId, request);
  }
}
