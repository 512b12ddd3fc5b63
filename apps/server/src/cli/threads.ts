// `frontdesk history`, `replay` and `fork`: a thread's checkpoints, running it again from one, branching —
// through a running desk's API when there is one, else on this process's own runtime.
import type { Command } from 'commander';
import type { CheckpointSummary, DeskResult } from '../runs/index.js';
import { withDesk } from './context.js';
import { describeResult } from './format.js';
import { emit } from './output.js';

const path = encodeURIComponent;

export function registerThreads(program: Command): void {
  program
    .command('history')
    .description("List a thread's checkpoints, newest first")
    .argument('<thread>', 'the thread id')
    .option('--json', 'print one JSON document')
    .action(async (thread: string, options: { json?: boolean }) => {
      const checkpoints = await withDesk(
        async (desk) =>
          (
            await desk.request<{ checkpoints: CheckpointSummary[] }>(
              'GET',
              `/v1/threads/${path(thread)}/history`,
            )
          ).checkpoints,
        (runtime) => runtime.desk.history(thread),
      );
      emit(options, { threadId: thread, checkpoints }, () =>
        checkpoints
          .map(
            (c) =>
              `${c.checkpointId}  step ${String(c.step).padStart(3)}  ${(c.stage ?? '').padEnd(16)} ` +
              `next: ${c.next.join(', ') || '(end)'}`,
          )
          .join('\n'),
      );
    });

  program
    .command('replay')
    .description('Run a thread again from one of its checkpoints (actions already done are not repeated)')
    .argument('<thread>', 'the thread id')
    .requiredOption('--checkpoint <id>', 'the checkpoint to start from (see `frontdesk history`)')
    .option('--json', 'print one JSON document')
    .action(async (thread: string, options: { checkpoint: string; json?: boolean }) => {
      const result = await withDesk(
        (desk) =>
          desk.request<DeskResult>('POST', `/v1/threads/${path(thread)}/replay`, {
            checkpointId: options.checkpoint,
          }),
        (runtime) => runtime.desk.replay(thread, options.checkpoint),
      );
      emit(options, result, () => describeResult(result));
    });

  program
    .command('fork')
    .description('Copy a checkpoint as a new branch and run it, optionally with a corrected customer message')
    .argument('<thread>', 'the thread id')
    .requiredOption('--checkpoint <id>', 'the checkpoint to branch from (see `frontdesk history`)')
    .option('--message <text>', "replace the customer's message on the branch")
    .option('--json', 'print one JSON document')
    .action(async (thread: string, options: { checkpoint: string; message?: string; json?: boolean }) => {
      const change = options.message === undefined ? {} : { message: options.message };
      const result = await withDesk(
        (desk) =>
          desk.request<DeskResult>('POST', `/v1/threads/${path(thread)}/fork`, {
            checkpointId: options.checkpoint,
            ...change,
          }),
        (runtime) => runtime.desk.fork(thread, options.checkpoint, change),
      );
      emit(options, result, () => describeResult(result));
    });
}
