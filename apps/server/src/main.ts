// Entry point of the `frontdesk` command: runs the CLI and turns failures into exit codes.
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { report } from './cli/output.js';

const argv = process.argv;
const json = argv.includes('--json');
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
try {
  await (await buildProgram(argv.slice(2), version)).parseAsync(argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit cleanly; a usage mistake exits 2 (commander already printed why).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = report(error, { json });
  }
}
