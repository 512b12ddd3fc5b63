// Where a CLI command does its work: through a running desk's API when there is one (see desk-client.ts),
// otherwise in a runtime opened for this command and always closed, events flushed first. Both are loaded
// only when a command runs, so help and light commands stay fast.
import type { Config } from '../config.js';
import { DeskError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { DeskClient } from './desk-client.js';
import { readDeskNote } from './desk-file.js';

/**
 * Refuses, in one line that says what to do, a command the API has no route for when it would not reach the
 * data meant: FRONTDESK_URL names another desk, or a desk on this data directory holds the embedded database.
 */
export function refuseBesideDesk(config: Config, alternative = ''): void {
  if (config.remote.url) {
    throw new DeskError(
      'CONFIG_INVALID',
      `FRONTDESK_URL names a desk, but this command works on a database directly (the API has no route for it): run it where that desk's database is, without FRONTDESK_URL`,
      { variables: ['FRONTDESK_URL'] },
    );
  }
  const note = config.databaseUrl ? undefined : readDeskNote(config.dataDir);
  if (note) {
    throw new DeskError(
      'STORE_LOCKED',
      `The desk at ${note.url} (process ${note.pid}) holds the embedded database in ${config.dataDir}, and this command works on the database directly (the API has no route for it): stop the desk first${alternative}, or use PostgreSQL (DATABASE_URL) so both can open it`,
      { pid: note.pid, url: note.url },
    );
  }
}

export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createRuntime }] = await Promise.all([
    import('../config.js'),
    import('../runtime.js'),
  ]);
  const config = loadConfig();
  refuseBesideDesk(config);
  const runtime = await createRuntime(config);
  try {
    const result = await work(runtime);
    await runtime.relay.flush();
    return result;
  } finally {
    await runtime.close();
  }
}

/**
 * Runs `viaApi` against a running desk if there is one, else `direct` on a runtime of its own. `as` names who
 * acts on a desk running on this data directory (an admin otherwise); FRONTDESK_URL's credentials name theirs.
 */
export async function withDesk<T>(
  viaApi: (desk: DeskClient) => Promise<T>,
  direct: (runtime: Runtime) => Promise<T>,
  as?: { sub: string; role: string },
): Promise<T> {
  const [{ loadConfig }, { connectToDesk }] = await Promise.all([
    import('../config.js'),
    import('./desk-client.js'),
  ]);
  const desk = await connectToDesk(loadConfig(), as);
  return desk ? viaApi(desk) : withRuntime(direct);
}
