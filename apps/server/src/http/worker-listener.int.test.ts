// A worker's own listener: what Prometheus scrapes and the orchestrator probes on a process without an API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { listenForOperators, type WorkerListener } from './worker-listener.js';

const [embedded] = await runtimeTargets();

describe("the worker's metrics and health listener", () => {
  let desk: TestRuntime;
  let listener: WorkerListener;
  let base: string;

  beforeAll(async () => {
    desk = await startTestRuntime(embedded!);
    const { runtime } = desk;
    listener = await listenForOperators(
      { desk: runtime.desk, db: runtime.db, tenantId: runtime.config.tenantId },
      { port: 0, host: '127.0.0.1' },
    );
    base = `http://127.0.0.1:${listener.port}`;
  }, 120_000);

  afterAll(async () => {
    await listener?.close();
    await desk?.dispose();
  });

  it('exports the runs it finished, the desk readings and the process-wide metrics', async () => {
    const result = await desk.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });
    expect(result.status).toBe('delivered');
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/^frontdesk_runs_total\{status="delivered"\} [1-9]/m);
    expect(body).toMatch(/^frontdesk_agent_step_duration_seconds_count\{agent="triage"\} [1-9]/m);
    expect(body).toMatch(/^frontdesk_approvals_pending \d+/m);
    expect(body).toMatch(/^# TYPE frontdesk_trace_spans_dropped_total counter/m);
  });

  it('answers /healthz while the database does, and nothing else', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
    expect((await fetch(`${base}/v1/conversations`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
