// Analytics over a chosen range: volume (with a per-period series), automated resolution and handoff rates
// with reasons (categories, amounts as a detail), approval wait, latency per agent, tokens and cost, and CSAT.
import { useState } from 'react';
import type { Analytics as Report } from '../api/types.js';
import { duration, percent } from '../shared/format.js';
import { ErrorNotice, Loading } from '../shared/Notice.js';
import { useLoad } from '../shared/useLoad.js';
import { BarChart, ColumnChart, Stat } from './charts.js';
import type { SectionProps } from './Dashboard.js';
import { HandoffReasons } from './HandoffReasons.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ranges = {
  '24h': { label: 'Last 24 hours', ms: DAY, buckets: 6 },
  '7d': { label: 'Last 7 days', ms: 7 * DAY, buckets: 7 },
  '30d': { label: 'Last 30 days', ms: 30 * DAY, buckets: 10 },
  '90d': { label: 'Last 90 days', ms: 90 * DAY, buckets: 9 },
} as const;
export type RangeKey = keyof typeof ranges;

/** Splits [from, to) into equal periods for the volume series. */
export function periods(
  from: number,
  to: number,
  count: number,
): Array<{ from: string; to: string; label: string }> {
  const step = (to - from) / count;
  const short = to - from <= 2 * DAY;
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(from + i * step);
    return {
      from: start.toISOString(),
      to: new Date(from + (i + 1) * step).toISOString(),
      label: short
        ? start.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
        : start.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
    };
  });
}

interface Loaded {
  report: Report;
  series: Array<{ label: string; value: number }>;
}

/** The period a preset covers, ending now; day-long periods start at midnight (UTC). */
function presetWindow(key: RangeKey, now: number): { from: number; to: number; buckets: number } {
  const { ms, buckets } = ranges[key];
  const to = ms >= 7 * DAY ? Math.ceil(now / DAY) * DAY : now;
  return { from: to - ms, to, buckets };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function Analytics({ client }: SectionProps) {
  const [range, setRange] = useState<RangeKey | 'custom'>('7d');
  const [end] = useState(() => Date.now());
  const [custom, setCustom] = useState(() => ({ from: day(end - 13 * DAY), to: day(end) }));
  const span =
    range === 'custom'
      ? {
          from: Date.parse(`${custom.from}T00:00:00Z`),
          to: Date.parse(`${custom.to}T00:00:00Z`) + DAY,
          buckets: Math.min(
            12,
            Math.max(1, Math.round((Date.parse(custom.to) - Date.parse(custom.from)) / DAY) + 1),
          ),
        }
      : presetWindow(range, end);
  const invalid = !(span.from < span.to);
  const data = useLoad<Loaded>(
    async (signal) => {
      if (invalid) throw new Error('The start of the range must be on or before its end.');
      const { from, to, buckets } = span;
      const query = (f: string, t: string) =>
        `/v1/analytics?from=${encodeURIComponent(f)}&to=${encodeURIComponent(t)}`;
      const slices = periods(from, to, buckets);
      const [report, ...parts] = await Promise.all([
        client.get<Report>(query(new Date(from).toISOString(), new Date(to).toISOString()), signal),
        ...slices.map((p) => client.get<Report>(query(p.from, p.to), signal)),
      ]);
      return {
        report,
        series: slices.map((p, i) => ({ label: p.label, value: parts[i]!.volumes.requests })),
      };
    },
    [client, span.from, span.to, span.buckets],
  );

  return (
    <section aria-labelledby="analytics-title">
      <div className="section-head">
        <h1 id="analytics-title">Analytics</h1>
        <label className="field inline">
          <span>Range</span>
          <select value={range} onChange={(event) => setRange(event.target.value as RangeKey | 'custom')}>
            {Object.entries(ranges).map(([key, r]) => (
              <option key={key} value={key}>
                {r.label}
              </option>
            ))}
            <option value="custom">Choose dates…</option>
          </select>
        </label>
        {range === 'custom' && (
          <>
            <label className="field inline">
              <span>From</span>
              <input
                type="date"
                value={custom.from}
                max={custom.to}
                onChange={(event) =>
                  event.target.value && setCustom((c) => ({ ...c, from: event.target.value }))
                }
              />
            </label>
            <label className="field inline">
              <span>To</span>
              <input
                type="date"
                value={custom.to}
                min={custom.from}
                onChange={(event) =>
                  event.target.value && setCustom((c) => ({ ...c, to: event.target.value }))
                }
              />
            </label>
          </>
        )}
      </div>
      {data.error ? <ErrorNotice error={data.error} onRetry={data.reload} /> : null}
      {!data.data && !data.error && <Loading what="analytics" />}
      {data.data && <Report {...data.data} />}
    </section>
  );
}

function Report({ report, series }: Loaded) {
  const agents = Object.entries(report.latencyMsByAgent).sort((a, b) => b[1].p95 - a[1].p95);
  const byCount = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([label, value]) => ({ label, value }));
  const w = report.approvals.waitSeconds;
  return (
    <>
      <div className="stats">
        <Stat label="Conversations" value={String(report.volumes.conversations)} />
        <Stat label="Requests" value={String(report.volumes.requests)} />
        <Stat label="Resolved automatically" value={percent(report.automatedResolutionRate)} />
        <Stat label="Handed to a person" value={percent(report.handoff.rate)} />
        <Stat
          label="CSAT"
          value={report.csat.average === null ? '—' : `${report.csat.average.toFixed(1)} / 5`}
          hint={`${report.csat.responses} ratings`}
        />
        <Stat
          label="Model spend"
          value={`$${report.spend.costUsd.toFixed(4)}`}
          hint={`${report.spend.inputTokens + report.spend.outputTokens} tokens${report.spend.recorded ? '' : ' (local engine)'}`}
        />
      </div>
      <div className="grid-2">
        <ColumnChart title="Requests per period" data={series} />
        <BarChart title="Requests by outcome" data={byCount(report.volumes.byOutcome)} />
        <HandoffReasons handoff={report.handoff} />
        <BarChart
          title={`Approval wait (${report.approvals.answered} answered, ${report.approvals.pending} pending)`}
          data={
            w.count
              ? [
                  { label: 'median', value: w.p50 },
                  { label: '95th percentile', value: w.p95 },
                  { label: 'mean', value: w.mean },
                ]
              : []
          }
          format={duration}
          empty="No approvals answered in this range"
        />
        <BarChart
          title="Latency per agent (95th percentile, ms)"
          data={agents.map(([label, p]) => ({ label, value: p.p95 }))}
          format={(v) => `${Math.round(v)} ms`}
        />
        <BarChart
          title="Tokens"
          data={[
            { label: 'input', value: report.spend.inputTokens },
            { label: 'output', value: report.spend.outputTokens },
          ]}
          empty="No model tokens: the local engine answered everything"
        />
      </div>
    </>
  );
}
