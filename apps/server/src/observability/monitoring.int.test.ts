// The monitoring a team runs on: every metric the shipped alert rules and Grafana dashboards name exists in a
// running desk's /metrics; promtool checks and unit-tests the rules; a real Prometheus (Debian's package,
// started here on a free port with its own storage) scrapes the desk and the series read back after a
// conversation.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../testing/http.js';
import { inCi } from '../testing/databases.js';
import { runtimeTargets } from '../testing/runtime.js';

const run = promisify(execFile);
const deploy = fileURLToPath(new URL('../../../../deploy/', import.meta.url));
const rulesFile = join(deploy, 'prometheus', 'alerts.yml');
const dashboards = join(deploy, 'grafana', 'dashboards');

async function installed(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}
const prometheusMissing = !(await installed('prometheus')) || !(await installed('promtool'));
if (prometheusMissing) {
  if (inCi) throw new Error('prometheus and promtool are required in CI (.ci/run installs them)');
  console.warn('Skipping the Prometheus half: Debian package `prometheus` is not installed');
}

/** Every frontdesk_* metric a rule or a dashboard query names, without histogram suffixes. */
function namedMetrics(): Set<string> {
  const texts = [
    readFileSync(rulesFile, 'utf8'),
    ...readdirSync(dashboards).map((file) => readFileSync(join(dashboards, file), 'utf8')),
  ];
  const names = new Set<string>();
  for (const text of texts)
    for (const [name] of text.matchAll(/frontdesk_[a-z0-9_]+/g))
      names.add(name.replace(/_(bucket|count|sum)$/, ''));
  return names;
}

const freePort = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('monitoring', () => {
  let t: TestApp;
  let desk: string;

  beforeAll(async () => {
    const [embedded] = await runtimeTargets();
    t = await startTestApp(embedded!);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    desk = `127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    // One conversation, so runs, agent steps and request series have samples.
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { authorization: await t.bearer('customer') },
      payload: { text: 'How do I reset my password?' },
    });
    expect(accepted.statusCode).toBe(202);
    await eventually(async () => {
      const body = (await t.app.inject('/metrics')).body;
      return /^frontdesk_runs_total\{/m.test(body) ? true : undefined;
    }, 60_000);
  }, 120_000);

  afterAll(async () => t?.dispose());

  it('exports every metric the alert rules and dashboards name', async () => {
    const body = (await t.app.inject('/metrics')).body;
    const exported = new Set([...body.matchAll(/^# HELP (\S+)/gm)].map((match) => match[1]!));
    const named = namedMetrics();
    expect(named.size).toBeGreaterThan(20);
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
    expect(body).toMatch(/^frontdesk_agent_step_duration_seconds_count\{agent="triage"\} [1-9]/m);
    expect(body).toMatch(/^frontdesk_approvals_pending \d+/m);
  });

  describe.skipIf(prometheusMissing)('with Prometheus', () => {
    let prometheus: ChildProcess | undefined;
    let storage: string;

    afterAll(async () => {
      if (prometheus && prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await once(prometheus, 'exit');
      }
      if (storage) rmSync(storage, { recursive: true, force: true });
    });

    it('checks the rules and passes their unit tests (one per alert)', async () => {
      const checked = await run('promtool', ['check', 'rules', rulesFile]);
      expect(checked.stdout).toContain('SUCCESS: 5 rules found');
      const tested = await run('promtool', ['test', 'rules', 'alerts.test.yml'], {
        cwd: join(deploy, 'prometheus'),
      });
      expect(tested.stdout).toContain('SUCCESS');
    });

    it('scrapes the desk and answers queries for its series', async () => {
      storage = mkdtempSync(join(tmpdir(), 'frontdesk-prometheus-'));
      const port = await freePort();
      const config = join(storage, 'prometheus.yml');
      writeFileSync(
        config,
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${rulesFile}']`,
          'scrape_configs:',
          `  - { job_name: frontdesk, static_configs: [{ targets: ['${desk}'] }] }`,
          '',
        ].join('\n'),
      );
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(storage, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      const query = async (expr: string) => {
        const response = await fetch(
          `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`,
        ).catch(() => undefined);
        if (!response?.ok) return undefined;
        const { data } = (await response.json()) as {
          data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
        };
        return data.result.length > 0 ? data.result : undefined;
      };
      const runs = await eventually(() => query('frontdesk_runs_total{job="frontdesk"}'), 60_000);
      expect(runs[0]!.metric).toMatchObject({ instance: desk });
      expect(Number(runs[0]!.value[1])).toBeGreaterThanOrEqual(1);
      const requests = await eventually(
        () => query('frontdesk_http_requests_total{route="/v1/conversations",status="202"}'),
        30_000,
      );
      expect(Number(requests[0]!.value[1])).toBeGreaterThanOrEqual(1);
      const rules = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/rules`);
        const { data } = (await response.json()) as { data: { groups: Array<{ rules: unknown[] }> } };
        return data.groups[0]?.rules.length ? data.groups[0].rules : undefined;
      });
      expect(rules).toHaveLength(5);
    }, 120_000);
  });
});
