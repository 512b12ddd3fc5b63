// `frontdesk approvals`: list what waits for a person, and answer it (approve, edit, reject, respond).
import type { Command } from 'commander';
import { DeskError } from '../errors.js';
import { withRuntime } from './context.js';
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

export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('Approvals waiting for a person');

  approvals
    .command('list')
    .description('List pending approvals, oldest first')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const pending = await withRuntime((runtime) => runtime.desk.pendingApprovals());
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
        const result = await withRuntime((runtime) =>
          runtime.desk.answerApproval(id, {
            decision,
            by: options.as,
            role: options.role,
            feedback: options.feedback,
            reply: options.reply,
            action: parseAction(options.action),
          }),
        );
        emit(options, result, () => describeResult(result));
      });
  }
}
