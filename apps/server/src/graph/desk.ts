// The desk: the one entry point for running the support graph. It accepts a customer message (writing the
// request before any work, so a crash cannot lose it), drives the graph until it delivers or pauses for a
// person, answers approvals, recovers runs a crashed process left behind, and exposes history and replay.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { HumanMessage } from '@langchain/core/messages';
import { Command, type BaseCheckpointSaver, type StateSnapshot } from '@langchain/langgraph';
import { validateCustomerText } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { Logger } from '../logger.js';
import type {
  ApprovalRecord,
  Database,
  DecisionRecord,
  Queryable,
  RequestOutcome,
  RequestRecord,
  Stores,
  ToolCallFacts,
} from '../store/index.js';
import { approvalAnswerSchema, type ApprovalAnswer, type ApprovalRequest } from './approval-types.js';
import type { SupportGraph } from './build.js';
import { makeEvent } from './journal.js';
import type { SupportStateValue } from './state.js';
import { ProgressEmitter, isAgentNode, type DoubleTextingPolicy, type ProgressListener } from './progress.js';

/** Where a request stands after the desk handled it; `queued` waits behind another request on its thread. */
export type DeskStatus = RequestOutcome | 'queued';

export interface DeskResult {
  threadId: string;
  requestId: string;
  status: DeskStatus;
  reply?: string;
  ticketId?: string;
  approval?: {
    id: string;
    kind: 'review' | 'decision';
    reason: string;
    proposedAction: ApprovalRequest['proposedAction'];
    proposedReply: string | null;
    allowedRoles: string[];
    deadline: string;
  };
  /** The request's agent steps as recorded, in order. */
  decisions: DeskDecision[];
  /** The tools the request's agents called, in order: each a decision of its agent (arguments masked). */
  toolCalls: DeskToolCall[];
}

export type DeskDecision = Pick<
  DecisionRecord,
  'id' | 'agent' | 'outcome' | 'confidence' | 'reasons' | 'durationMs' | 'at'
>;
export type DeskToolCall = Pick<DecisionRecord, 'id' | 'agent' | 'outcome' | 'durationMs' | 'at'> &
  ToolCallFacts;

export interface CheckpointSummary {
  checkpointId: string;
  parentCheckpointId: string | undefined;
  step: number;
  source: string;
  createdAt: string | undefined;
  next: string[];
  stage: string | undefined;
  agent: string | undefined;
  requestId: string | undefined;
}

/** What an answer to an approval says, before it is checked against the approval. */
export interface ApprovalAnswerInput {
  decision: string;
  by: string;
  role: string;
  feedback?: string | undefined;
  reply?: string | undefined;
  action?: unknown;
}

export interface DeskOptions {
  graph: SupportGraph;
  checkpointer: BaseCheckpointSaver;
  db: Database;
  stores: Stores;
  tenantId: string;
  logger: Logger;
  /** The default for double texting; a tenant's stored setting overrides it. Default `queue`. */
  doubleTexting?: DoubleTextingPolicy;
  /** How many runs this process drives in the background at once; the rest wait their turn. Default 4. */
  maxBackgroundRuns?: number;
}

/** A message the desk accepted: queued behind `queuedBehind` when its thread was still busy. */
export interface AcceptedMessage {
  request: RequestRecord;
  queuedBehind: string | undefined;
}

/** How long a run's lease lasts without renewal; the driving process renews it every third of that. */
const LEASE_MS = 60_000;

/** This process, as a lease owner: `host:pid:nonce`. */
const leaseOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A lease holder on this host whose process is gone (crashed or killed) holds nothing any more. */
function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

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
  private readonly progress = new ProgressEmitter();
  /** Runs this process is driving, by request id, so an interrupt can stop one. */
  private readonly running = new Map<string, AbortController>();
  /** Work started in the background (posted messages, queued followers), awaited by `drain()`. */
  private readonly background = new Set<Promise<unknown>>();
  /** Requests waiting here for a background slot: recovery must not pick them up meanwhile. */
  private readonly scheduled = new Set<string>();
  private readonly slotWaiters: Array<() => void> = [];
  private freeSlots: number;

  constructor(options: DeskOptions) {
    this.graph = options.graph;
    this.checkpointer = options.checkpointer;
    this.db = options.db;
    this.stores = options.stores;
    this.tenantId = options.tenantId;
    this.logger = options.logger;
    this.defaultDoubleTexting = options.doubleTexting ?? 'queue';
    this.freeSlots = options.maxBackgroundRuns ?? 4;
  }

  /** Listens to the progress of every run in this process; returns the function that stops listening. */
  /** Reports reply text being drafted on a run (wired from the graph's `onReplyText`). */
  reportReplyText(run: { conversationId: string; requestId: string }, text: string): void {
    this.progress.emit({ type: 'reply.delta', threadId: run.conversationId, requestId: run.requestId, text });
  }

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
        await this.supersede(busy, requestId, tx);
    });
    const request = (await requests.get(this.tenantId, requestId))!;
    let queuedBehind: string | undefined;
    if (busy && !(policy === 'interrupt' && busy.runStatus === 'waiting')) {
      // A running request is stopped when it runs here; either way the new one waits for the thread.
      if (policy === 'interrupt') this.running.get(busy.id)?.abort(new Error(`superseded by ${requestId}`));
      queuedBehind = busy.id;
      this.progress.emit({ type: 'request.queued', threadId, requestId });
    }
    return { request, queuedBehind };
  }

  /** Closes a request that waits for a person because the customer wrote again (interrupt policy). */
  private async supersede(busy: RequestRecord, byRequestId: string, tx: Queryable): Promise<void> {
    await tx.query(
      `UPDATE approvals SET status = 'expired', answered_at = now(), answered_by = 'frontdesk', answered_role = 'system'
       WHERE tenant_id = $1 AND request_id = $2 AND status = 'pending'`,
      [this.tenantId, busy.id],
    );
    await this.stores.requests.markSettled(
      this.tenantId,
      busy.id,
      { runStatus: 'done', outcome: 'failed', error: `superseded by ${byRequestId}` },
      tx,
    );
    await this.stores.outbox.append(
      makeEvent(
        { tenantId: this.tenantId, requestId: busy.id, customerId: busy.customerId },
        'customer.requests',
        'request.superseded',
        { conversationId: busy.conversationId, by: byRequestId },
      ),
      tx,
    );
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
    const approval = await this.stores.approvals.get(this.tenantId, approvalId);
    if (!approval) throw new DeskError('APPROVAL_NOT_FOUND', `No approval ${approvalId}`, { approvalId });
    if (approval.status !== 'pending') {
      throw new DeskError(
        'APPROVAL_ALREADY_ANSWERED',
        `Approval ${approvalId} was already ${approval.status}`,
        {
          approvalId,
          status: approval.status,
        },
      );
    }
    if (!approval.allowedRoles.includes(input.role)) {
      throw new DeskError('APPROVAL_ROLE_NOT_ALLOWED', `Role ${input.role} may not answer this approval`, {
        approvalId,
        role: input.role,
        allowedRoles: approval.allowedRoles,
      });
    }
    const answer = parseAnswer(input);
    const snapshot = await this.graph.getState(this.threadConfig(approval.conversationId));
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
      await this.recordAnswer(approval, answer);
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
      if (this.running.has(request.id) || this.scheduled.has(request.id) || (await this.waitsBehind(request)))
        continue;
      // A live process (this one or another) still driving it keeps its lease: leave it alone.
      if (!(await this.stores.requests.claim(this.tenantId, request.id, leaseOwner, LEASE_MS, holderIsDead)))
        continue;
      const snapshot = await this.graph.getState(this.threadConfig(request.conversationId));
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
    await this.requireThread(threadId);
    const summaries: CheckpointSummary[] = [];
    for await (const snapshot of this.graph.getStateHistory(this.threadConfig(threadId))) {
      const values = snapshot.values as Partial<SupportStateValue>;
      summaries.push({
        checkpointId: String(snapshot.config.configurable?.checkpoint_id),
        parentCheckpointId: snapshot.parentConfig?.configurable?.checkpoint_id as string | undefined,
        step: snapshot.metadata?.step ?? -1,
        source: snapshot.metadata?.source ?? 'unknown',
        createdAt: snapshot.createdAt,
        next: [...snapshot.next],
        stage: values.stage,
        agent: values.currentAgent,
        requestId: values.requestId,
      });
    }
    return summaries;
  }

  /**
   * Runs the thread again from one of its checkpoints, as a new branch of its history. Recorded answers of
   * people are replayed; actions already performed are not performed again (their keys are the same).
   */
  async replay(threadId: string, checkpointId: string): Promise<DeskResult> {
    const { request, config } = await this.locateCheckpoint(threadId, checkpointId);
    return this.drive(request, null, config);
  }

  /**
   * Copies a checkpoint as a new branch of the thread's history and runs it from there; with `message`, the
   * customer's message of that request is replaced on the branch first (a "what if they had said…").
   */
  async fork(threadId: string, checkpointId: string, edit: { message?: string } = {}): Promise<DeskResult> {
    const message = edit.message === undefined ? undefined : validateCustomerText(edit.message);
    const { request, config } = await this.locateCheckpoint(threadId, checkpointId);
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
    const overdue = await this.stores.approvals.overdue(this.tenantId, now);
    for (const approval of overdue) {
      const deadline = new Date(now.getTime() + extendByHours * 3_600_000).toISOString();
      await this.db.transaction(async (tx) => {
        await this.stores.approvals.reescalate(this.tenantId, approval.id, deadline, tx);
        await this.stores.audit.record(
          this.tenantId,
          {
            actor: 'frontdesk',
            actorRole: 'system',
            action: 'approval.reescalated',
            subjectType: 'approval',
            subjectId: approval.id,
            details: { previousDeadline: approval.deadline, deadline },
          },
          tx,
        );
        for (const topic of ['human.approvals', 'notifications.outbound'] as const) {
          await this.stores.outbox.append(
            makeEvent(
              { tenantId: this.tenantId, requestId: approval.requestId, customerId: approval.customerId },
              topic,
              'approval.overdue',
              {
                approvalId: approval.id,
                conversationId: approval.conversationId,
                reason: approval.reason,
                deadline,
              },
            ),
            tx,
          );
        }
      });
    }
    return overdue;
  }

  private async locateCheckpoint(threadId: string, checkpointId: string) {
    await this.requireThread(threadId);
    const config = { configurable: { thread_id: threadId, checkpoint_id: checkpointId } };
    const tuple = await this.checkpointer.getTuple(config);
    if (!tuple || tuple.config.configurable?.checkpoint_id !== checkpointId) {
      throw new DeskError('CHECKPOINT_NOT_FOUND', `No checkpoint ${checkpointId} in thread ${threadId}`, {
        threadId,
        checkpointId,
      });
    }
    const snapshot = await this.graph.getState(config);
    const requestId = (snapshot.values as Partial<SupportStateValue>).requestId;
    const request = requestId ? await this.stores.requests.get(this.tenantId, requestId) : undefined;
    if (!request) {
      throw new DeskError(
        'CHECKPOINT_NOT_FOUND',
        `Checkpoint ${checkpointId} is before the thread's first request`,
        {
          threadId,
          checkpointId,
        },
      );
    }
    return { request, config };
  }

  private startInput(request: RequestRecord) {
    return {
      messages: [new HumanMessage({ id: request.id, content: request.text })],
      tenantId: this.tenantId,
      requestId: request.id,
      customerId: request.customerId,
      conversationId: request.conversationId,
    };
  }

  private threadConfig(threadId: string) {
    return { configurable: { thread_id: threadId } };
  }

  private async requireThread(threadId: string): Promise<void> {
    if (!(await this.stores.conversations.get(this.tenantId, threadId))) {
      throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
    }
  }

  /** Runs the graph until it finishes or waits for a person who has not answered yet. */
  private async drive(
    request: RequestRecord,
    input: GraphInput,
    config: { configurable: Record<string, string> } = this.threadConfig(request.conversationId),
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
    if (!next || this.running.has(next.id) || this.scheduled.has(next.id) || (await this.waitsBehind(next)))
      return;
    this.inBackground(
      this.whenSlotFree(next, () => this.drive(next, this.startInput(next))),
      next,
    );
  }

  /**
   * Runs `work` once one of this process's background slots is free, so a burst of posted messages cannot
   * starve the requests that accept them; the waiting requests stay `queued` (and durable) meanwhile.
   */
  private async whenSlotFree<T>(request: RequestRecord, work: () => Promise<T>): Promise<T> {
    this.scheduled.add(request.id);
    if (this.freeSlots > 0) this.freeSlots -= 1;
    else await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    try {
      // `work` marks the request running before its first await; only then does it leave `scheduled`.
      const running = work();
      this.scheduled.delete(request.id);
      return await running;
    } finally {
      this.scheduled.delete(request.id);
      const next = this.slotWaiters.shift();
      if (next) next();
      else this.freeSlots += 1;
    }
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
        runConfig = this.threadConfig(request.conversationId);
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
    const snapshot = await this.graph.getState(this.threadConfig(request.conversationId));
    const values = snapshot.values as SupportStateValue;
    const waitingOn = pendingRequest(snapshot);
    const status: DeskStatus = waitingOn
      ? waitingOn.kind === 'review'
        ? 'awaiting_approval'
        : 'escalated'
      : (values.outcome ?? 'failed');
    const reply = waitingOn ? undefined : (values.reply ?? undefined);
    await this.db.transaction(async (tx) => {
      await this.stores.requests.markSettled(
        this.tenantId,
        request.id,
        { runStatus: waitingOn ? 'waiting' : 'done', outcome: status, ...(reply ? { reply } : {}) },
        tx,
      );
      await this.stores.conversations.setStatus(this.tenantId, request.conversationId, status, tx);
      await this.stores.outbox.append(
        makeEvent(
          { tenantId: this.tenantId, requestId: request.id, customerId: request.customerId },
          'system.analytics',
          'request.settled',
          {
            conversationId: request.conversationId,
            status,
            priority: values.priority,
            metrics: values.metrics,
          },
        ),
        tx,
      );
    });
    const recorded = (
      await this.stores.decisions.byConversation(this.tenantId, request.conversationId)
    ).filter((decision) => decision.requestId === request.id);
    const decisions = recorded
      .filter((decision) => decision.kind === 'step')
      .map(({ id, agent, outcome, confidence, reasons, durationMs, at }) => ({
        id,
        agent,
        outcome,
        confidence,
        reasons,
        durationMs,
        at,
      }));
    const toolCalls = recorded.flatMap(({ id, agent, outcome, durationMs, at, toolCall }) =>
      toolCall ? [{ id, agent, ...toolCall, outcome, durationMs, at }] : [],
    );
    return {
      threadId: request.conversationId,
      requestId: request.id,
      status,
      ...(reply ? { reply } : {}),
      ...(values.ticketId && !waitingOn ? { ticketId: values.ticketId } : {}),
      ...(waitingOn
        ? {
            approval: {
              id: waitingOn.approvalId,
              kind: waitingOn.kind,
              reason: waitingOn.reason,
              proposedAction: waitingOn.proposedAction,
              proposedReply: waitingOn.proposedReply,
              allowedRoles: waitingOn.allowedRoles,
              deadline: waitingOn.deadline,
            },
          }
        : {}),
      decisions,
      toolCalls,
    };
  }

  private async recordAnswer(approval: ApprovalRecord, answer: ApprovalAnswer): Promise<void> {
    const statusOf = {
      approve: 'approved',
      edit: 'edited',
      reject: 'rejected',
      respond: 'responded',
    } as const;
    await this.db.transaction(async (tx) => {
      const won = await this.stores.approvals.answer(
        this.tenantId,
        approval.id,
        { status: statusOf[answer.decision], by: answer.by, role: answer.role, detail: answer },
        tx,
      );
      if (!won) {
        throw new DeskError('APPROVAL_ALREADY_ANSWERED', `Approval ${approval.id} was answered meanwhile`, {
          approvalId: approval.id,
        });
      }
      await this.stores.audit.record(
        this.tenantId,
        {
          actor: answer.by,
          actorRole: answer.role,
          action: `approval.${statusOf[answer.decision]}`,
          subjectType: 'approval',
          subjectId: approval.id,
          details: { ...answer, requestId: approval.requestId, threadId: approval.conversationId },
        },
        tx,
      );
      // The request is marked running in the same transaction: if this process dies before the graph
      // resumes, recovery finds it and resumes with the recorded answer, so no answer is ever lost.
      await this.stores.requests.markSettled(
        this.tenantId,
        approval.requestId,
        { runStatus: 'running', outcome: 'awaiting_approval' },
        tx,
      );
      await this.stores.outbox.append(
        makeEvent(
          { tenantId: this.tenantId, requestId: approval.requestId, customerId: approval.customerId },
          'human.approvals',
          'approval.answered',
          { approvalId: approval.id, decision: answer.decision, by: answer.by, role: answer.role },
        ),
        tx,
      );
    });
  }
}

type GraphInput = Parameters<SupportGraph['invoke']>[0];

/** A Command as graph input; LangGraph types Command by node names, which these never need checked. */
const commandInput = (params: {
  resume?: unknown;
  update?: Record<string, unknown>;
  goto?: string[];
}): GraphInput => new Command(params) as unknown as GraphInput;

const resumeWith = (answer: unknown): GraphInput => commandInput({ resume: answer });

/** The approval request the thread is paused on, if it is paused. */
export function pendingRequest(snapshot: StateSnapshot): ApprovalRequest | undefined {
  for (const task of snapshot.tasks) {
    const pending = task.interrupts[0];
    if (pending) return pending.value as ApprovalRequest;
  }
  return undefined;
}

function parseAnswer(input: ApprovalAnswerInput): ApprovalAnswer {
  const parsed = approvalAnswerSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'decision',
      message: issue.message,
    }));
    throw new DeskError(
      'APPROVAL_ANSWER_INVALID',
      `The answer is not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      { fields },
    );
  }
  if (parsed.data.decision === 'edit' && !parsed.data.reply && !parsed.data.action) {
    throw new DeskError('APPROVAL_ANSWER_INVALID', 'An edit must change the reply or the action', {
      fields: [{ field: 'reply', message: 'give an edited reply or action' }],
    });
  }
  return parsed.data;
}
