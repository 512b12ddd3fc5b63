// Replays and forks: a thread run again from one of its checkpoints, as a new branch of its history. Like
// every graph run they run on a worker, as `graph.branch` tasks (an API process never runs a graph); the
// caller waits on the branch's row, where the worker records the outcome. Recorded answers of people are
// replayed and actions already performed are not performed again (the run driver and the action ledger).
import { randomUUID } from 'node:crypto';
import { HumanMessage } from '@langchain/core/messages';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { z } from 'zod';
import { DeskError, isDeskError } from '../errors.js';
import type { SupportGraph } from '../graph/build.js';
import { payloadOrReject, rejectTask, type Task, type TaskQueue } from '../jobs/index.js';
import type { RequestRecord } from '../store/index.js';
import { locateCheckpoint, nextNodes } from './checkpoints.js';
import type { DeskResult, DeskStorage } from './desk-types.js';
import { commandInput } from './graph-input.js';
import { RunStopped, type RunDriver } from './run-driver.js';
import { describeRequest, type SettledRun } from './settle.js';

export const GRAPH_BRANCH = 'graph.branch';

const branchPayload = z.object({
  tenantId: z.string().min(1),
  branchId: z.string().min(1),
  threadId: z.string().min(1),
  checkpointId: z.string().min(1),
  /** A fork with the customer's message of that request replaced; absent for a replay or a plain fork. */
  message: z.string().optional(),
  kind: z.enum(['replay', 'fork']),
});
export type BranchPayload = z.infer<typeof branchPayload>;
export type BranchAsk = Omit<BranchPayload, 'tenantId' | 'branchId'>;

export class ThreadBranches {
  private readonly task: Task<BranchPayload>;

  constructor(
    private readonly storage: DeskStorage,
    private readonly queue: TaskQueue,
    private readonly graph: SupportGraph,
    private readonly checkpointer: BaseCheckpointSaver,
    private readonly driver: RunDriver,
  ) {
    this.task = {
      name: GRAPH_BRANCH,
      // Any payload reaches `run`, which rejects a malformed one with its reason instead of retrying it.
      payload: z.unknown() as z.ZodType<BranchPayload>,
      attempts: 3,
      backoffMs: 500,
      run: (payload) => this.run(payload),
    };
    queue.register(this.task);
  }

  /** Records the branch and enqueues its run; returns its id, to wait on with `outcome`. */
  async start(ask: BranchAsk, request: Pick<RequestRecord, 'id'>): Promise<string> {
    const { stores, tenantId } = this.storage;
    const branchId = randomUUID();
    await stores.branchRuns.create(tenantId, { id: branchId, threadId: ask.threadId, requestId: request.id });
    await this.queue.enqueue(this.task, { tenantId, branchId, ...ask }, { jobId: `branch.${branchId}` });
    return branchId;
  }

  /** The branch's outcome once its run is over (undefined while it waits or runs); throws what it failed with. */
  async outcome(branchId: string): Promise<DeskResult | undefined> {
    const branch = await this.storage.stores.branchRuns.get(this.storage.tenantId, branchId);
    if (!branch) throw new DeskError('NOT_FOUND', `No branch run ${branchId}`, { branchId });
    if (branch.status === 'queued') return undefined;
    if (branch.error) {
      const { code, message } = branch.error;
      throw new DeskError(code as DeskError['code'], message, { threadId: branch.threadId });
    }
    return branch.result as DeskResult;
  }

  private async run(payload: unknown): Promise<void> {
    const parsed = payloadOrReject(GRAPH_BRANCH, branchPayload, payload);
    const { tenantId, branchId, ...ask } = parsed;
    const { stores } = this.storage;
    if (tenantId !== this.storage.tenantId) throw rejectTask(GRAPH_BRANCH, `unknown tenant ${tenantId}`);
    const branch = await stores.branchRuns.get(tenantId, branchId);
    if (!branch) throw rejectTask(GRAPH_BRANCH, `no branch run ${branchId}`, { branchId });
    // A retried task whose run was recorded before its worker died: nothing is left to do.
    if (branch.status !== 'queued') return;
    let outcome: { result: DeskResult } | { error: { code: string; message: string } };
    try {
      outcome = { result: await this.runBranch(ask) };
    } catch (error) {
      // The worker is stopping: the task goes back to the queue and another worker runs the branch.
      if (error instanceof RunStopped) throw error;
      outcome = {
        error: isDeskError(error)
          ? { code: error.code, message: error.message }
          : { code: 'RUN_FAILED', message: `The branch run failed: ${(error as Error).message}` },
      };
    }
    await stores.branchRuns.settle(tenantId, branchId, outcome);
  }

  private async runBranch({ kind, threadId, checkpointId, message }: BranchAsk): Promise<DeskResult> {
    const { request, config } = await locateCheckpoint(
      this.storage,
      this.graph,
      this.checkpointer,
      threadId,
      checkpointId,
    );
    const settled = await this.driveBranch(kind, request, config, message);
    return describeRequest(this.storage, settled);
  }

  /** Runs the branch: the checkpoint replayed as it stands, or copied and continued (with a new message). */
  private async driveBranch(
    kind: BranchAsk['kind'],
    request: RequestRecord,
    config: Awaited<ReturnType<typeof locateCheckpoint>>['config'],
    message: string | undefined,
  ): Promise<SettledRun> {
    if (kind === 'replay') return this.driver.drive(request, null, { config });
    const branch = (await this.graph.updateState(config, undefined, '__copy__')) as typeof config;
    if (message === undefined) return this.driver.drive(request, null, { config: branch });
    const update = { messages: [new HumanMessage({ id: request.id, content: message })] };
    const input = commandInput({ update, goto: await nextNodes(this.graph, branch) });
    return this.driver.drive(request, input, { config: branch });
  }
}
