// The desk's own metrics on an app's registry: agent step duration by agent (from run progress) and, read
// from the database at scrape time, the approval backlog, the relay's lag and the background task queue.
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { RunProgress } from '../../graph/progress.js';
import { OperationsReadings, type Database, type OperationsReading } from '../../store/index.js';

export interface DeskMetricsSources {
  onProgress(listener: (progress: RunProgress) => void): () => void;
  db: Database;
  tenantId: string;
}

/** Registers the metrics; returns the function that stops listening to run progress. */
export function registerDeskMetrics(registry: Registry, sources: DeskMetricsSources): () => void {
  const steps = new Histogram({
    name: 'frontdesk_agent_step_duration_seconds',
    help: 'Duration of one agent step (graph node) by agent',
    labelNames: ['agent'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const started = new Map<string, number>();
  const stop = sources.onProgress((progress) => {
    if (progress.type !== 'node.started' && progress.type !== 'node.finished') return;
    const key = `${progress.requestId}:${progress.node}`;
    if (progress.type === 'node.started') started.set(key, performance.now());
    else {
      const at = started.get(key);
      started.delete(key);
      if (at !== undefined) steps.observe({ agent: progress.node }, (performance.now() - at) / 1000);
    }
  });

  // One database read per scrape, shared by every gauge below (each one's collect asks for it).
  const readings = new OperationsReadings(sources.db);
  let pending: Promise<OperationsReading | undefined> | undefined;
  const read = () =>
    (pending ??= readings
      .read(sources.tenantId)
      .catch(() => undefined)
      .finally(() => setTimeout(() => (pending = undefined), 0)));
  const gauge = (name: string, help: string, value: (reading: OperationsReading) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const reading = await read();
        if (reading) this.set(value(reading));
      },
    });
  gauge('frontdesk_approvals_pending', 'Approvals waiting for a person', (r) => r.approvalsPending.count);
  gauge(
    'frontdesk_approvals_oldest_pending_seconds',
    'Age of the oldest approval waiting for a person (0 when none)',
    (r) => r.approvalsPending.oldestSeconds,
  );
  gauge(
    'frontdesk_outbox_pending_events',
    'Events the relay has not published yet',
    (r) => r.outboxPending.count,
  );
  gauge(
    'frontdesk_relay_lag_seconds',
    'Age of the oldest event the relay has not published yet (0 when caught up)',
    (r) => r.outboxPending.oldestSeconds,
  );
  gauge('frontdesk_task_queue_depth', 'Background tasks waiting or running', (r) => r.tasksWaiting.count);
  gauge(
    'frontdesk_task_queue_lag_seconds',
    'How long the oldest runnable background task has waited (0 when none)',
    (r) => r.tasksWaiting.oldestSeconds,
  );
  gauge(
    'frontdesk_tasks_failed',
    'Background tasks that failed for good and wait for a person',
    (r) => r.tasksFailed,
  );
  return () => {
    stop();
    started.clear();
  };
}
