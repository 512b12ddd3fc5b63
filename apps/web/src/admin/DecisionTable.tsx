// Agent decisions as a table: each step (agent, outcome, confidence, reasons and sources, timing, model
// usage) with the tool calls it made right under it (tool, outcome, masked arguments, answer size, timing).
// A call that errored, timed out or was refused is flagged, on its row and in its step's summary. On a phone
// each row stacks (see styles.css); the explicit table roles keep it a table for screen readers, which some
// browsers stop doing once a table's CSS display changes.
import type { Decision } from '../api/types.js';
import { ColumnHeads } from '../shared/DataTable.js';
import { bytes, millis, percent, time } from '../shared/format.js';
import { agentTrail, isFlagged } from './agent-steps.js';

const COLUMNS = 6;

export function DecisionTable({ decisions }: { decisions: Decision[] }) {
  const { steps, unfinished } = agentTrail(decisions);
  if (steps.length === 0 && unfinished.length === 0) {
    return <p className="muted">No agent steps recorded yet.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table decisions" role="table">
        <ColumnHeads
          headers={['At', 'Agent or tool', 'Decision', 'Confidence', 'Reasons and sources', 'Took']}
        />
        {steps.map(({ step, toolCalls }) => (
          <tbody
            role="rowgroup"
            key={step.id}
            className={toolCalls.length > 0 ? 'step-with-calls' : undefined}
          >
            <StepRow step={step} toolCalls={toolCalls} />
            {toolCalls.map((call) => (
              <ToolCallRow key={call.id} call={call} stepAgent={step.agent} />
            ))}
          </tbody>
        ))}
        {unfinished.length > 0 && (
          <tbody role="rowgroup" className="step-with-calls">
            <tr role="row">
              <th role="rowheader" scope="rowgroup" colSpan={COLUMNS} className="unfinished-calls">
                Tool calls of a step that has not finished (still running, waiting for a person, or failed)
              </th>
            </tr>
            {unfinished.map((call) => (
              <ToolCallRow key={call.id} call={call} />
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}

function StepRow({ step, toolCalls }: { step: Decision; toolCalls: Decision[] }) {
  const flagged = toolCalls.filter(isFlagged);
  return (
    <tr role="row">
      <td role="cell">{time(step.at)}</td>
      <td role="cell">{step.agent}</td>
      <td role="cell">{step.outcome}</td>
      <td role="cell">
        <meter
          min={0}
          max={1}
          value={step.confidence}
          aria-label={`confidence ${percent(step.confidence)}`}
        />{' '}
        {percent(step.confidence)}
      </td>
      <td role="cell">
        <ul className="reasons-inline">
          {step.reasons.map((r, i) => (
            <li key={`${i}-${r}`}>{r}</li>
          ))}
        </ul>
        {step.usage && step.usage.models.length > 0 && (
          <span className="muted">
            {step.usage.models.join(', ')} · {step.usage.inputTokens + step.usage.outputTokens} tokens
          </span>
        )}
        {toolCalls.length > 0 && (
          <p className="tool-summary">
            {toolCalls.length} tool {toolCalls.length === 1 ? 'call' : 'calls'} below
            {flagged.length > 0 && (
              <span className="danger">
                {' '}
                · <span aria-hidden="true">⚠ </span>
                {flagged.length} did not succeed
              </span>
            )}
          </p>
        )}
      </td>
      <td role="cell">{millis(step.durationMs)}</td>
    </tr>
  );
}

function ToolCallRow({ call, stepAgent }: { call: Decision; stepAgent?: string }) {
  const facts = call.toolCall;
  const flagged = isFlagged(call);
  return (
    <tr role="row" className={flagged ? 'tool-call flagged' : 'tool-call'}>
      <td role="cell">{time(call.at)}</td>
      <td role="cell">
        <span className="tool-name">
          <span className="tool-call-mark" aria-hidden="true">
            ↳{' '}
          </span>
          <span className="visually-hidden">Tool call </span>
          <code>{facts?.tool ?? 'unknown tool'}</code>
        </span>
        {call.agent !== stepAgent && <span className="muted"> by {call.agent}</span>}
      </td>
      <td role="cell">
        <span className={`pill ${flagged ? 'danger' : 'ok'}`}>
          {flagged && <span aria-hidden="true">⚠ </span>}
          {call.outcome}
        </span>
      </td>
      <td role="cell">
        <span aria-hidden="true" className="muted">
          —
        </span>
        <span className="visually-hidden">not applicable: a tool call is an observed fact</span>
      </td>
      <td role="cell">
        {facts?.error && <p className="danger tool-error">{facts.error}</p>}
        <details className="tool-arguments">
          <summary>
            Arguments <span className="muted">(personal data masked)</span>
          </summary>
          <pre>{JSON.stringify(facts?.arguments ?? {}, null, 2)}</pre>
        </details>
        <span className="muted">Answer: {bytes(facts?.resultBytes ?? 0)}</span>
      </td>
      <td role="cell">{millis(call.durationMs)}</td>
    </tr>
  );
}
