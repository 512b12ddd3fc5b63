// `frontdesk train --data FILE.csv`: trains a new version of the tenant's intent model from labelled examples,
// stores it (the desk loads the newest at start); `frontdesk triage-rules` shows or sets the tenant's rules.
// Beside a running desk both go through its API (the file is uploaded as it is); otherwise on a runtime.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { DeskError } from '../errors.js';
import type { DeskOperations, TrainingReport } from '../operations/index.js';
import type { StoredIntentModel } from '../reasoning/local/intent/model-store.js';
import { parseDeskTrainingCsv } from '../reasoning/local/intent/training.js';
import type { TriageRules } from '../reasoning/local/triage-rules.js';
import type { Runtime } from '../runtime.js';
import { withDesk } from './context.js';
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

/** The operations on a runtime opened for this command (no desk holds the database). */
async function operationsOn(runtime: Runtime): Promise<DeskOperations> {
  const { deskOperations } = await import('../operations/index.js');
  return deskOperations(runtime);
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
        const versions = await withDesk(
          async (desk) =>
            (await desk.request<{ versions: StoredIntentModel[] }>('GET', '/v1/intent-models')).versions,
          async (runtime) => (await operationsOn(runtime)).intentModels(),
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
      // Parsed before anything opens: a bad file fails fast, naming its line (the desk checks it again).
      const csv = await readInput(options.data, 'training file');
      parseDeskTrainingCsv(csv);
      const source = basename(options.data);
      const { model, perLabel } = await withDesk(
        (desk) =>
          desk.upload<TrainingReport>(
            `/v1/intent-models?${new URLSearchParams({ source }).toString()}`,
            Buffer.from(csv, 'utf8'),
            'text/csv',
          ),
        async (runtime) => (await operationsOn(runtime)).train(csv, source),
      );
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
      const current = await withDesk(
        (desk) => desk.request<TriageRules>('GET', '/v1/triage-rules'),
        async (runtime) => (await operationsOn(runtime)).triageRules(),
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
      const saved = await withDesk(
        (desk) => desk.request<TriageRules>('PUT', '/v1/triage-rules', parsed),
        async (runtime) => (await operationsOn(runtime)).setTriageRules(parsed),
      );
      emit(options, saved, () => 'triage rules saved; the desk applies them at its next start');
    });
}
