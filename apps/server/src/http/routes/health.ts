// Liveness (the process answers) and readiness (every configured dependency answers), plus the root page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DeskError } from '../../errors.js';
import { toProblem } from '../../problem.js';
import type { AppDeps, ReadinessCheck } from '../deps.js';

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: ReadinessCheck): Promise<{ status: 'ok' | 'down'; ms: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS)),
      ),
    ]);
    return { status: 'ok', ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await deps.db.query('SELECT 1')) },
    ...(deps.readiness ?? []),
  ];

  app.get('/health/live', { schema: { tags: ['health'], security: [] } }, () => ({ status: 'ok' }));

  app.get('/health/ready', { schema: { tags: ['health'], security: [] } }, async (request, reply) => {
    const results = await Promise.all(checks.map(async (check) => [check.name, await run(check)] as const));
    const report = Object.fromEntries(
      results.map(([name, result]) => [
        name,
        name === 'database' ? { ...result, kind: deps.db.kind } : result,
      ]),
    );
    const down = results.filter(([, result]) => result.status === 'down').map(([name]) => name);
    if (down.length === 0) return { status: 'ok', checks: report };
    const error = new DeskError(
      down.includes('database') ? 'STORE_UNAVAILABLE' : 'NOT_READY',
      `Not ready: ${down.join(', ')} ${down.length === 1 ? 'does' : 'do'} not answer`,
      { checks: report },
    );
    return reply.status(503).type('application/problem+json').send(toProblem(error, request.url));
  });

  app.get('/', { schema: { hide: true } }, () => ({
    name: 'Frontdesk',
    tenant: deps.config.tenantId,
    database: deps.db.kind,
    docs: '/docs',
    api: '/v1',
    health: { live: '/health/live', ready: '/health/ready' },
    metrics: '/metrics',
    signIn: deps.security.devLogin
      ? 'POST /v1/auth/dev-token {"role":"customer","sub":"cus_01"}  or  npx frontdesk token --role agent --sub sam'
      : 'npx frontdesk token --role ROLE --sub ID, or a token from your identity provider',
  }));
  return Promise.resolve();
};
