// Plain SVG charts for the analytics page: horizontal bars and a column series. Each chart has a title, a
// text alternative (a table, visually hidden) and scales to its container's width.
import type { ReactNode } from 'react';

export interface Datum {
  label: string;
  value: number;
}

interface ChartProps {
  title: string;
  data: Datum[];
  /** How a value reads in labels and the table. */
  format?: (value: number) => string;
  empty?: string;
  /** Shown under the chart, inside its frame (a detail the bars cannot carry). */
  children?: ReactNode;
}

const plain = (value: number) => String(Math.round(value * 100) / 100);

function DataTable({ title, data, format }: Required<Pick<ChartProps, 'title' | 'data' | 'format'>>) {
  return (
    // Hidden by its wrapper: a table ignores the width and height that hide other elements, and would
    // widen the page on a phone.
    <div className="visually-hidden">
      <table>
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{format(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One bar per label, longest first is up to the caller; values label their bars. */
export function BarChart({
  title,
  data,
  format = plain,
  empty = 'No data in this range',
  children,
}: ChartProps) {
  const max = Math.max(0, ...data.map((d) => d.value));
  const row = 28;
  const height = Math.max(row, data.length * row);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.length === 0 || max === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <svg
          viewBox={`0 0 400 ${height}`}
          width="100%"
          role="img"
          aria-label={title}
          preserveAspectRatio="xMinYMin meet"
        >
          {data.map((d, i) => {
            const width = Math.max(2, (d.value / max) * 190);
            return (
              <g key={d.label} transform={`translate(0 ${i * row})`}>
                <title>{`${d.label}: ${format(d.value)}`}</title>
                <text x="0" y="18" className="chart-label">
                  {d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label}
                </text>
                <rect x="140" y="6" width={width} height="16" rx="3" className="chart-bar" />
                <text x={146 + width} y="18" className="chart-value">
                  {format(d.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <DataTable title={title} data={data} format={format} />
      {children}
    </figure>
  );
}

/** Columns over time (or any ordered buckets), with the bucket labels underneath. */
export function ColumnChart({ title, data, format = plain, empty = 'No data in this range' }: ChartProps) {
  const max = Math.max(0, ...data.map((d) => d.value));
  const width = 400;
  const height = 160;
  const slot = data.length > 0 ? width / data.length : width;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.length === 0 || max === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height + 30}`} width="100%" role="img" aria-label={title}>
          {data.map((d, i) => {
            const h = (d.value / max) * (height - 20);
            return (
              <g key={d.label} transform={`translate(${i * slot} 0)`}>
                <rect
                  x={slot * 0.15}
                  y={height - h}
                  width={slot * 0.7}
                  height={Math.max(h, 1)}
                  rx="2"
                  className="chart-bar"
                />
                <text x={slot / 2} y={height - h - 4} textAnchor="middle" className="chart-value">
                  {d.value > 0 ? format(d.value) : ''}
                </text>
                <text x={slot / 2} y={height + 16} textAnchor="middle" className="chart-label">
                  {d.label}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <DataTable title={title} data={data} format={format} />
    </figure>
  );
}

/** A single figure with its label, for rates and totals. */
export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {hint && <span className="stat-hint">{hint}</span>}
    </div>
  );
}
