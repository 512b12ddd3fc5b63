// The `frontdesk` command line: every subcommand, each accepting --json.
import { Command } from 'commander';
import { registerApprovals } from './approvals.js';
import { registerAsk } from './ask.js';
import { registerEval } from './eval.js';
import { registerKnowledge } from './kb.js';
import { registerMcp } from './mcp.js';
import { registerProcesses } from './processes.js';
import { registerStoreCommands } from './store-commands.js';
import { registerThreads } from './threads.js';
import { registerToken } from './token.js';
import { registerTraining } from './train.js';

export function buildProgram(): Command {
  const program = new Command('frontdesk')
    .description('Frontdesk: a customer-support desk run by AI agents and the people who supervise them')
    .showHelpAfterError()
    .exitOverride();
  registerProcesses(program);
  registerStoreCommands(program);
  registerAsk(program);
  registerApprovals(program);
  registerThreads(program);
  registerKnowledge(program);
  registerMcp(program);
  registerToken(program);
  registerTraining(program);
  registerEval(program);
  return program;
}
