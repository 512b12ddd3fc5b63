// Where a CLI command does its work: through a running desk's API when there is one (see desk-client.ts),
// otherwise in a runtime opened for this command and always closed, events flushed first. Every command on
// the desk's data has an API route, so none opens a database a running desk holds. Both are loaded
// only when a command runs, so help and light commands stay fast.
import type { Runtime } from '../runtime.js';
import type { DeskClient } from './desk-client.js';

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createRuntime }] = await Promise.all([
    import('../config.js'),
    import('../runtime.js'),
  ]);
  const runtime = await createRuntime(loadConfig());
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
