// How CLI commands speak: one JSON document on stdout with --json, readable text otherwise; errors as
// problem documents (--json) or one line on stderr, with an exit code that says what kind of failure it was.
import { isDeskError } from '../errors.js';
import { toProblem } from '../problem.js';

export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Exit codes: 1 for a refused request (a registry error), 70 for an internal failure. */
export function report(error: unknown, options: OutputOptions): number {
  const problem = toProblem(error);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(problem, null, 2)}\n`);
  } else {
    process.stderr.write(`error ${problem.code}: ${problem.detail}\n`);
  }
  if (!isDeskError(error)) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return isDeskError(error) && error.status < 500 ? 1 : isDeskError(error) ? 1 : 70;
}

export const indent = (text: string, by = '  ') =>
  text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
