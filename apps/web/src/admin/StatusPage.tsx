// The status page: each configured backend (database, Redis, event streaming, jobs, search) with whether
// it answers, the background tasks that failed for good (and why), and the model providers each agent tries
// in order before the local engine.
import type { StatusReport, TaskFailure } from '../api/types.js';
import { DataTable } from '../shared/DataTable.js';
import { ErrorNotice, Loading } from '../shared/Notice.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';

export function StatusPage({ client }: SectionProps) {
  const status = useLoad((signal) => client.get<StatusReport>('/v1/status', signal), [client]);
  if (status.error) return <ErrorNotice error={status.error} onRetry={status.reload} />;
  const s = status.data;
  if (!s) return <Loading what="the status" />;
  return (
    <section aria-labelledby="status-title">
      <div className="section-head">
        <h1 id="status-title">Status</h1>
        <span className={`pill ${s.status === 'ok' ? 'ok' : 'warn'}`} role="status">
          {s.status === 'ok' ? 'All systems answering' : 'Degraded'}
        </span>
        <button type="button" className="button small" onClick={status.reload}>
          Refresh
        </button>
      </div>
      <div className="card">
        <h2>Backends</h2>
        <DataTable
          label="Backends"
          rows={s.backends}
          rowKey={(b) => b.name}
          columns={[
            { header: 'Role', cell: (b) => b.name },
            { header: 'Backend', cell: (b) => b.kind },
            {
              header: 'State',
              cell: (b) => (
                <span className={`pill ${b.status === 'down' ? 'danger' : 'ok'}`}>{b.status}</span>
              ),
            },
            { header: 'Detail', cell: (b) => `${b.ms !== undefined ? `${b.ms} ms` : ''} ${b.detail ?? ''}` },
          ]}
        />
      </div>
      <FailedTasks client={client} />
      <div className="card">
        <h2>Model providers</h2>
        {s.models.providers.length === 0 ? (
          <p>
            No model provider configured: the local engine ({s.models.localEngine}) answers everything,
            offline.
          </p>
        ) : (
          <ul>
            {s.models.providers.map((p) => (
              <li key={p.name}>
                <strong>{p.name}</strong> at {p.endpoint} {p.keySet ? '(key set)' : '(no key)'}
              </li>
            ))}
          </ul>
        )}
        {s.models.routes.length > 0 && (
          <DataTable
            label="Model routes"
            rows={s.models.routes}
            rowKey={(r) => r.agent}
            columns={[
              { header: 'Agent', cell: (r) => r.agent },
              { header: 'Tries, in order', cell: (r) => [...r.chain, 'local engine'].join(' → ') },
            ]}
          />
        )}
      </div>
    </section>
  );
}

function FailedTasks({ client }: Pick<SectionProps, 'client'>) {
  const tasks = useLoad(
    (signal) => client.get<{ failures: TaskFailure[] }>('/v1/status/tasks', signal),
    [client],
  );
  return (
    <div className="card">
      <h2>Failed tasks</h2>
      {tasks.error ? <ErrorNotice error={tasks.error} onRetry={tasks.reload} /> : null}
      {!tasks.data && !tasks.error && <Loading what="failed tasks" />}
      {tasks.data?.failures.length === 0 && <p className="muted">No background task has failed for good.</p>}
      {tasks.data && tasks.data.failures.length > 0 && (
        <DataTable
          label="Failed tasks"
          rows={tasks.data.failures}
          rowKey={(f) => f.jobId}
          columns={[
            {
              header: 'Task',
              cell: (f) => (
                <>
                  {f.task} <span className="muted wrap-anywhere">{f.jobId}</span>
                </>
              ),
            },
            { header: 'Why it failed', className: 'wrap-anywhere', cell: (f) => f.error },
            { header: 'Attempts', cell: (f) => f.attemptsMade },
          ]}
        />
      )}
    </div>
  );
}
