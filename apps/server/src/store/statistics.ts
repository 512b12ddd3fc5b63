// Keeps the planner's statistics of the desk's tables in step with their size. The desk's statements are
// prepared once per connection and keep the generic plan made from the statistics of the moment (statements.ts):
// planned on a new database, whose tables are empty or were never analysed, a request looked up by its id went
// through every request of its tenant (the index on tenant and conversation, the id filtered: 306 buffers a
// lookup after 300 requests, against 3 through the primary key), and kept doing so. The embedded database has
// no autovacuum, so nothing else would ever analyse its tables, and a server's analyses them only on its next
// round. A table is analysed when it has doubled in size since its last analysis: plans choose between indexes
// on magnitudes, which a table's first analyses set, so a handful of analyses over a table's life keeps them
// sane, while analysing at every tenth of growth (as autovacuum does, which a server still does besides) held
// the embedded database's one connection for 100-200 ms every few seconds of a busy desk's first minutes.
// Analysing a table also has every statement that reads it planned again.
import type { Logger } from '../logger.js';
import type { Queryable } from './database.js';

/** Below this many pages of growth a table is left as it is (a new table's first rows, a small table's churn). */
const GROWTH_PAGES = 4;

/** Analyses the tables of the current schema that doubled (and grew by 4 pages) since their last analysis. */
export async function analyseGrownTables(db: Queryable): Promise<string[]> {
  const grown = await db.query<{ name: string }>(
    `SELECT quote_ident(c.relname) AS name FROM pg_class c
     WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
       AND pg_relation_size(c.oid) / current_setting('block_size')::int > greatest(c.relpages, 0) * 2 + $1
     ORDER BY c.relname`,
    [GROWTH_PAGES],
  );
  const names = grown.map((table) => table.name);
  if (names.length > 0) await db.query(`ANALYZE ${names.join(', ')}`);
  return names;
}

/** Looks for grown tables every `intervalMs` in the background, until stopped. */
export class StatisticsUpkeep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = 10_000): void {
    this.timer ??= setInterval(() => {
      this.running ??= analyseGrownTables(this.db)
        .then((tables) => {
          if (tables.length > 0) this.logger.debug({ tables }, 'grown tables analysed');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'table statistics not refreshed'))
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
