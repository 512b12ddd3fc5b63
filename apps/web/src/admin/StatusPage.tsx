// The status page: each configured backend (database, Redis, event streaming, jobs, search) with whether
// it answers, and the model providers each agent tries in order before the local engine.
import type { StatusReport } from '../api/types.js';
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
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Backend</th>
                <th scope="col">State</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {s.backends.map((b) => (
                <tr key={b.name}>
                  <td>{b.name}</td>
                  <td>{b.kind}</td>
                  <td>
                    <span className={`pill ${b.status === 'down' ? 'danger' : 'ok'}`}>{b.status}</span>
                  </td>
                  <td>
                    {b.ms !== undefined ? `${b.ms} ms` : ''} {b.detail ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
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
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Tries, in order</th>
                </tr>
              </thead>
              <tbody>
                {s.models.routes.map((r) => (
                  <tr key={r.agent}>
                    <td>{r.agent}</td>
                    <td>{[...r.chain, 'local engine'].join(' → ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
