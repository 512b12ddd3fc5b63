// Agent decisions as a table: agent, outcome, confidence, reasons and sources, timing, model usage.
import type { Decision } from '../api/types.js';
import { percent, time } from '../shared/format.js';

export function DecisionTable({ decisions }: { decisions: Decision[] }) {
  if (decisions.length === 0) return <p className="muted">No agent steps recorded yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Agent</th>
            <th scope="col">Decision</th>
            <th scope="col">Confidence</th>
            <th scope="col">Reasons and sources</th>
            <th scope="col">Took</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td>{time(d.at)}</td>
              <td>{d.agent}</td>
              <td>{d.outcome}</td>
              <td>
                <meter
                  min={0}
                  max={1}
                  value={d.confidence}
                  aria-label={`confidence ${percent(d.confidence)}`}
                />{' '}
                {percent(d.confidence)}
              </td>
              <td>
                <ul className="reasons-inline">
                  {d.reasons.map((r, i) => (
                    <li key={`${i}-${r}`}>{r}</li>
                  ))}
                </ul>
                {d.usage && d.usage.models.length > 0 && (
                  <span className="muted">
                    {d.usage.models.join(', ')} · {d.usage.inputTokens + d.usage.outputTokens} tokens
                  </span>
                )}
              </td>
              <td>{d.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
