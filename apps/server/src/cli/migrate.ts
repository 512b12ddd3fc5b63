// `frontdesk migrate`: applies the database migrations once and exits — the one-shot step a deployment runs
// (the compose service `migrate`, the Kubernetes Job) before its serve and worker replicas start.
import type { Command } from 'commander';
import { emit } from './output.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations once and exit (before serve and worker replicas start)')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const [{ loadConfig }, { migrateDatabase }] = await Promise.all([
        import('../config.js'),
        import('../runtime.js'),
      ]);
      const applied = await migrateDatabase(loadConfig());
      emit(options, { applied }, () =>
        applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.join(', ')}.`,
      );
    });
}
