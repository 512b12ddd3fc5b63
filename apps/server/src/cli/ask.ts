// `frontdesk ask`: a customer's message through the whole graph, in this process.
import type { Command } from 'commander';
import { withRuntime } from './context.js';
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
      const result = await withRuntime((runtime) =>
        runtime.desk.ask({ customerId: options.customer, text, threadId: options.thread }),
      );
      emit(options, result, () => describeResult(result));
    });
}
