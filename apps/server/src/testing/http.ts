// Test support for the HTTP suites: a whole runtime on a scratch database with the app built over it,
// and tokens for any role, signed with the runtime's own secret.
import type { TestRuntimeTarget } from './runtime.js';
import { startTestRuntime } from './runtime.js';
import type { Runtime } from '../runtime.js';
import type { Role } from '../security/index.js';
import { buildApp, type App } from '../http/app.js';
import type { AppDeps, HttpOptions } from '../http/deps.js';
import { appDepsFromRuntime } from '../http/from-runtime.js';

export interface TestApp {
  app: App;
  runtime: Runtime;
  /** What the app was built from, to build another one over the same runtime. */
  deps: AppDeps;
  /** `Authorization` header value for a signed-in user. */
  bearer(role: Role, sub?: string): Promise<string>;
  /** A raw token with any claims and lifetime (negative: already expired), signed with the desk's secret. */
  mint(claims: { role: Role; sub: string; tenant: string }, ttlSeconds: number): Promise<string>;
  dispose(): Promise<void>;
}

const defaultSubject: Record<Role, string> = {
  customer: 'cus_01',
  agent: 'sam',
  approver: 'ana',
  admin: 'root',
};

export async function startTestApp(
  target: TestRuntimeTarget,
  http: Partial<HttpOptions> = {},
  env: Record<string, string> = {},
): Promise<TestApp> {
  const t = await startTestRuntime(target, env);
  const built = appDepsFromRuntime(t.runtime, { rateLimitPerIp: 100_000, rateLimitPerKey: 100_000, ...http });
  const app = buildApp(built.deps);
  await app.ready();
  const tokens = built.deps.security.tokens;
  return {
    app,
    runtime: t.runtime,
    deps: built.deps,
    bearer: async (role, sub = defaultSubject[role]) =>
      `Bearer ${(await tokens.mint({ role, sub, tenant: t.runtime.config.tenantId })).token}`,
    mint: async (claims, ttlSeconds) => (await tokens.mint(claims, ttlSeconds)).token,
    dispose: async () => {
      await app.close();
      await built.close();
      await t.dispose();
    },
  };
}

/** Every route the app serves, as `METHOD /path` (docs assets, HEAD and OPTIONS twins left out). */
export const routesOf = (app: App): string[] =>
  [
    ...new Set(
      app.routeCatalogue
        .filter(({ method, url }) => !url.startsWith('/docs') && method !== 'HEAD' && method !== 'OPTIONS')
        .map(({ method, url }) => `${method} ${url}`),
    ),
  ].sort();

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
