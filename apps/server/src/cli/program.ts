// The `frontdesk` command line: every subcommand, each accepting --json. A command's code is loaded only
// when that command runs, so `--help`, `--version` and light commands never pay for the whole runtime.
import { Command } from 'commander';

type Register = (program: Command) => void;

/** Which module declares which top-level commands. A name missing here still works: it loads them all. */
const commandModules: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  {
    names: ['start', 'serve', 'worker'],
    load: async () => (await import('./processes.js')).registerProcesses,
  },
  {
    names: ['customers', 'demo'],
    load: async () => (await import('./store-commands.js')).registerStoreCommands,
  },
  { names: ['ask'], load: async () => (await import('./ask.js')).registerAsk },
  { names: ['approvals'], load: async () => (await import('./approvals.js')).registerApprovals },
  {
    names: ['history', 'replay', 'fork'],
    load: async () => (await import('./threads.js')).registerThreads,
  },
  { names: ['kb'], load: async () => (await import('./kb.js')).registerKnowledge },
  { names: ['mcp'], load: async () => (await import('./mcp.js')).registerMcp },
  { names: ['migrate'], load: async () => (await import('./migrate.js')).registerMigrate },
  { names: ['token'], load: async () => (await import('./token.js')).registerToken },
  { names: ['events'], load: async () => (await import('./events.js')).registerEvents },
  { names: ['eval'], load: async () => (await import('./eval.js')).registerEval },
  {
    names: ['train', 'triage-rules'],
    load: async () => (await import('./train.js')).registerTraining,
  },
];

/** The first argument that is not an option: the command the user asked for, if any. */
export function requestedCommand(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}

export async function buildProgram(
  args: readonly string[] = process.argv.slice(2),
  version = '0.0.0',
): Promise<Command> {
  const program = new Command('frontdesk')
    .description('Frontdesk: a customer-support desk run by AI agents and the people who supervise them')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  const asked = requestedCommand(args);
  const only = commandModules.find((module) => asked !== undefined && module.names.includes(asked));
  // Help, a typo or a command not in the table: declare every command, so help and suggestions are whole.
  const registers = await Promise.all((only ? [only] : commandModules).map((module) => module.load()));
  for (const register of registers) register(program);
  return program;
}
