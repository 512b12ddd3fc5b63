// `frontdesk ask`: a customer's message through the whole graph: through a running desk's API when there is
// one (it posts the message and waits for the run to stop), else in this process.
import type { Command } from 'commander';
import type { DeskResult } from '../runs/index.js';
import { withDesk } from './context.js';
import { awaitRequest, describeOutcome, type RequestOutcome } from './desk-client.js';
import { describeResult } from './format.js';
import { emit } from './output.js';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description("Send a customer's message to the desk and wait until it is delivered or needs a person")
    .requiredOption('--customer <id>', 'the customer who writes, e.g. cus_01')
    .option('--thread <id>', 'continue an existing conversation')
    .option('--json', 'print one JSON document')
    .argument('<text>', 'the message')
    .action(async (text: string, options: { customer: string; thread?: string; json?: boolean }) => {
      const result = await withDesk<RequestOutcome | DeskResult>(
        async (desk) => {
          const path = options.thread
            ? `/v1/conversations/${encodeURIComponent(options.thread)}/messages`
            : '/v1/conversations';
          const accepted = await desk.request<{ threadId: string; requestId: string }>('POST', path, {
            text,
            ...(options.thread ? {} : { customerId: options.customer }),
          });
          return awaitRequest(desk, accepted.threadId, accepted.requestId);
        },
        (runtime) => runtime.desk.ask({ customerId: options.customer, text, threadId: options.thread }),
      );
      emit(options, result, () => ('decisions' in result ? describeResult(result) : describeOutcome(result)));
    });
}
