// `frontdesk train --data FILE.csv`: trains a new version of the tenant's intent model from labelled examples,
// stores it (the desk loads the newest at start); `frontdesk triage-rules` shows or sets the tenant's rules.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { DeskError } from '../errors.js';
import { IntentModelStore } from '../reasoning/local/intent/model-store.js';
import { parseDeskTrainingCsv, trainAndStore } from '../reasoning/local/intent/training.js';
import { TriageRulesStore } from '../reasoning/local/triage-rules.js';
import { withRuntime } from './context.js';
import { emit } from './output.js';

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new DeskError('VALIDATION_FAILED', `Cannot read the ${what} ${file}: ${(error as Error).message}`, {
      file,
    });
  }
}

export function registerTraining(program: Command): void {
  program
    .command('train')
    .description('Train a new version of the intent model from a CSV with text,label columns')
    .option('--data <file>', 'the labelled examples (CSV: text,label; labels are the desk intents)')
    .option('--list', 'list the stored versions instead of training')
    .option('--json', 'print one JSON document')
    .action(async (options: { data?: string; list?: boolean; json?: boolean }) => {
      if (options.list) {
        const versions = await withRuntime((runtime) =>
          new IntentModelStore(runtime.db).list(runtime.config.tenantId),
        );
        emit(options, { versions }, () =>
          versions
            .map(
              (v) => `v${v.version}  ${v.contentHash}  ${v.examples} examples  ${v.source}  ${v.createdAt}`,
            )
            .join('\n'),
        );
        return;
      }
      if (!options.data)
        throw new DeskError('VALIDATION_FAILED', 'Give the training file with --data FILE.csv');
      // Parsed before the database opens: a bad file fails fast, naming its line.
      const examples = parseDeskTrainingCsv(await readInput(options.data, 'training file'));
      const source = basename(options.data);
      const { model } = await withRuntime((runtime) =>
        trainAndStore(runtime.db, runtime.config.tenantId, examples, source),
      );
      const perLabel: Record<string, number> = {};
      for (const example of examples) perLabel[example.label] = (perLabel[example.label] ?? 0) + 1;
      emit(options, { model, perLabel }, () =>
        [
          `trained intent model v${model.version} (${model.contentHash}) from ${model.examples} examples in ${model.trainingMs} ms`,
          `labels: ${Object.entries(perLabel)
            .map(([label, count]) => `${label} ${count}`)
            .join(', ')}`,
          'the desk loads it at its next start',
        ].join('\n'),
      );
    });

  const rules = program
    .command('triage-rules')
    .description("The tenant's triage rules (priority, urgency, scope)");
  rules
    .command('show')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const current = await withRuntime((runtime) =>
        new TriageRulesStore(runtime.db).get(runtime.config.tenantId),
      );
      emit(options, current, () => JSON.stringify(current, null, 2));
    });
  rules
    .command('set')
    .description('Replace the rules with a JSON file (fields left out keep their defaults)')
    .argument('<file>', 'the rules as JSON')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: { json?: boolean }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readInput(file, 'rules file'));
      } catch (error) {
        if (error instanceof DeskError) throw error;
        throw new DeskError('VALIDATION_FAILED', `The rules file is not JSON: ${(error as Error).message}`);
      }
      const saved = await withRuntime(async (runtime) => {
        try {
          return await new TriageRulesStore(runtime.db).set(runtime.config.tenantId, parsed);
        } catch (error) {
          if (!(error instanceof ZodError)) throw error;
          const problems = error.issues.map(
            (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
          );
          throw new DeskError('VALIDATION_FAILED', `Invalid triage rules — ${problems.join('; ')}`);
        }
      });
      emit(options, saved, () => 'triage rules saved; the desk applies them at its next start');
    });
}
