// Test support: a whole Frontdesk runtime (demo data loaded) on a fresh embedded directory or a fresh
// PostgreSQL database, plus the environment another process needs to reach the same data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';
import { createScratchPostgres, postgresSkipReason } from './databases.js';

export interface TestRuntimeTarget {
  readonly name: 'embedded' | 'postgres';
  readonly skipReason: string | undefined;
  /** A scratch location (directory or database) with the environment that selects it. */
  prepare(): Promise<TestLocation>;
}

export interface TestLocation {
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface TestRuntime {
  readonly runtime: Runtime;
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function runtimeTargets(): Promise<TestRuntimeTarget[]> {
  const skipReason = await postgresSkipReason();
  return [
    {
      name: 'embedded',
      skipReason: undefined,
      prepare: () => {
        const dir = mkdtempSync(join(tmpdir(), 'frontdesk-rt-'));
        return Promise.resolve({
          env: { FRONTDESK_DATA_DIR: dir },
          dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        });
      },
    },
    {
      name: 'postgres',
      skipReason,
      prepare: async () => {
        const scratch = await createScratchPostgres();
        return { env: { DATABASE_URL: scratch.url }, dispose: () => scratch.drop() };
      },
    },
  ];
}

/**
 * A runtime on the location. With `work: false` it only reads and writes the stores: it runs no queued work,
 * so a test can look at what another process left behind without finishing it.
 */
export async function openTestRuntime(
  location: TestLocation,
  extraEnv: Record<string, string> = {},
  options: Pick<RuntimeOptions, 'work' | 'phases' | 'knowledgeSync' | 'concurrency'> = {},
): Promise<Runtime> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...location.env, ...extraEnv });
  return createRuntime(config, { logger: createLogger('silent'), ...options, work: options.work ?? true });
}

export async function startTestRuntime(
  target: TestRuntimeTarget,
  extraEnv: Record<string, string> = {},
  options: Pick<RuntimeOptions, 'phases' | 'concurrency'> = {},
): Promise<TestRuntime> {
  const location = await target.prepare();
  const runtime = await openTestRuntime(location, extraEnv, options);
  return {
    runtime,
    env: location.env,
    dispose: async () => {
      await runtime.close();
      await location.dispose();
    },
  };
}
