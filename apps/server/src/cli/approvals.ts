// `frontdesk approvals`: list what waits for a person, and answer it (approve, edit, reject, respond) —
// through a running desk's API when there is one, else on this process's own runtime.
import type { Command } from 'commander';
import { DeskError } from '../errors.js';
import type { DeskResult } from '../runs/index.js';
import { withDesk } from './context.js';
import { awaitRequest, describeOutcome, type RequestOutcome } from './desk-client.js';
import { describeResult } from './format.js';
import { emit } from './output.js';

interface AnswerOptions {
  as: string;
  role: string;
  feedback?: string;
  reply?: string;
  action?: string;
  json?: boolean;
}

function parseAction(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeskError('APPROVAL_ANSWER_INVALID', '--action must be a JSON object', {
      fields: [{ field: 'action', message: 'not valid JSON' }],
    });
  }
}

interface PendingApproval {
  id: string;
  kind: string;
  customerId: string;
  conversationId: string;
  reason: string;
  allowedRoles: string[];
  createdAt: string;
  deadline: string;
}

export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('Approvals waiting for a person');

  approvals
    .command('list')
    .description('List pending approvals, oldest first')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const pending = await withDesk(
        async (desk) =>
          (
            await desk.request<{
              approvals: Array<Omit<PendingApproval, 'conversationId'> & { threadId: string }>;
            }>('GET', '/v1/approvals')
          ).approvals.map(({ threadId, ...approval }) => ({ ...approval, conversationId: threadId })),
        async (runtime): Promise<PendingApproval[]> => await runtime.desk.pendingApprovals(),
      );
      emit(options, { approvals: pending }, () =>
        pending.length === 0
          ? 'No approvals are waiting.'
          : pending
              .map(
                (a) =>
                  `${a.id}  ${a.kind.padEnd(8)} customer ${a.customerId}  thread ${a.conversationId}\n` +
                  `  ${a.reason}\n  roles: ${a.allowedRoles.join(', ')}  since ${a.createdAt}  deadline ${a.deadline}`,
              )
              .join('\n'),
      );
    });

  for (const decision of ['approve', 'edit', 'reject', 'respond'] as const) {
    approvals
      .command(decision)
      .description(
        `${decision[0]!.toUpperCase()}${decision.slice(1)} a pending approval and resume its thread`,
      )
      .argument('<id>', 'the approval id')
      .requiredOption('--as <user>', 'who answers')
      .requiredOption('--role <role>', 'their role: agent, approver or admin')
      .option('--feedback <text>', 'why it is rejected (reject)')
      .option('--reply <text>', 'the reply to send instead (edit, respond)')
      .option('--action <json>', 'the changed action as JSON (edit)')
      .option('--json', 'print one JSON document')
      .action(async (id: string, options: AnswerOptions) => {
        const answer = {
          feedback: options.feedback,
          reply: options.reply,
          action: parseAction(options.action),
        };
        const result = await withDesk<RequestOutcome | DeskResult>(
          async (desk) => {
            // The desk records the answer as its credentials' user (on this data directory: --as, --role).
            const body = Object.fromEntries(
              Object.entries({ decision, ...answer }).filter(([, value]) => value !== undefined),
            );
            const answered = await desk.request<{ threadId: string; requestId: string }>(
              'POST',
              `/v1/approvals/${encodeURIComponent(id)}/answer`,
              body,
            );
            return awaitRequest(desk, answered.threadId, answered.requestId);
          },
          (runtime) =>
            runtime.desk.answerApproval(id, { decision, by: options.as, role: options.role, ...answer }),
          { sub: options.as, role: options.role },
        );
        emit(options, result, () =>
          'decisions' in result ? describeResult(result) : describeOutcome(result),
        );
      });
  }
}
