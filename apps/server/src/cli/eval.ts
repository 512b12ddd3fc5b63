// `frontdesk eval`: runs the scenario suite (evals/) against fresh desks on the demo data and reports pass^1
// and pass^k per category, as text or JSON, with JSON and HTML reports under artifacts/.
import type { Command } from 'commander';
import { DeskError } from '../errors.js';
import { describeReport, loadSuite, runSuite, writeReports } from '../evals/index.js';
import { emit } from './output.js';

interface EvalOptions {
  dir: string;
  trials: string;
  category?: string;
  filter?: string;
  out: string;
  json?: boolean;
  verbose?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Run the scenario evaluation: pass^1 and pass^k per category, with JSON and HTML reports')
    .option('--dir <folder>', 'the scenario files (YAML)', 'evals')
    .option('--trials <k>', 'trials per scenario; pass^k uses all of them', '3')
    .option('--category <names>', 'only these categories (comma-separated)')
    .option('--filter <text>', 'only scenarios whose id contains this')
    .option('--out <folder>', 'where the reports go', 'artifacts')
    .option('--verbose', 'print each run as it finishes')
    .option('--json', 'print one JSON document')
    .action(async (options: EvalOptions) => {
      const trials = Number(options.trials);
      if (!Number.isInteger(trials) || trials < 1 || trials > 20)
        throw new DeskError('VALIDATION_FAILED', '--trials must be a whole number from 1 to 20', {
          trials: options.trials,
        });
      const scenarios = await loadSuite({
        folder: options.dir,
        categories: options.category?.split(',').map((c) => c.trim()),
        ...(options.filter ? { filter: options.filter } : {}),
      });
      const report = await runSuite(scenarios, {
        trials,
        ...(options.verbose ? { onProgress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
      });
      const paths = await writeReports(report, options.out);
      emit(options, { ...report, reports: paths }, () =>
        [describeReport(report), `reports: ${paths.json}, ${paths.html}`].join('\n'),
      );
      // Money moved on an item the customer did not name or have is never acceptable: the command fails.
      if (report.moneyMovedWrongly > 0) process.exitCode = 1;
    });
}
