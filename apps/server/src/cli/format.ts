// Readable renderings of desk results for the terminal.
import type { DeskResult } from '../runs/index.js';
import { indent } from './output.js';

export function describeResult(result: DeskResult): string {
  const lines = [`Thread ${result.threadId}  (request ${result.requestId})`, `Status: ${result.status}`];
  if (result.reply) lines.push('Reply:', indent(result.reply));
  if (result.ticketId) lines.push(`Ticket: ${result.ticketId}`);
  if (result.approval) {
    const a = result.approval;
    lines.push(
      `Waiting for a person: ${a.reason}`,
      `  approval ${a.id} (${a.kind}), answerable by ${a.allowedRoles.join(', ')}, before ${a.deadline}`,
    );
    if (a.proposedAction) lines.push(`  proposed action: ${JSON.stringify(a.proposedAction)}`);
    if (a.proposedReply) lines.push('  proposed reply:', indent(a.proposedReply, '    '));
    lines.push(
      `  answer with: npx frontdesk approvals approve ${a.id} --as YOUR_NAME --role ${a.allowedRoles[0]}`,
    );
  }
  lines.push(
    'Decisions:',
    ...result.decisions.map(
      (d) =>
        `  ${d.agent.padEnd(14)} ${d.outcome.padEnd(20)} ${d.confidence.toFixed(2)}  ${d.reasons.join('; ')}`,
    ),
  );
  if (result.toolCalls.length > 0) {
    lines.push(
      'Tool calls:',
      ...result.toolCalls.map(
        (call) =>
          `  ${call.agent.padEnd(14)} ${call.tool.padEnd(28)} ${call.outcome.padEnd(8)} ${call.resultBytes} bytes, ${call.durationMs.toFixed(1)} ms${call.error ? `  ${call.error}` : ''}`,
      ),
    );
  }
  return lines.join('\n');
}
