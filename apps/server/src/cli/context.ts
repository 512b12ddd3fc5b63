// Opens the runtime for one CLI command and always closes it, flushing events first.
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime.js';

export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(loadConfig());
  try {
    const result = await work(runtime);
    await runtime.relay.flush();
    return result;
  } finally {
    await runtime.close();
  }
}
