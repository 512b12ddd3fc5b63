// Numbers, money and times as people read them.
export function money(amountMinor: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 100);
}

/** "3 min", "2 h 5 min", "4 d": a duration in seconds, coarse enough to read at a glance. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(Math.abs(seconds)));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** Time left until `deadline`, or how long ago it passed. */
export function timeLeft(deadline: string, now = Date.now()): { label: string; overdue: boolean } {
  const seconds = (Date.parse(deadline) - now) / 1000;
  return seconds >= 0
    ? { label: `${duration(seconds)} left`, overdue: false }
    : { label: `overdue by ${duration(seconds)}`, overdue: true };
}

export const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

export const clock = (iso: string | undefined): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const time = (iso: string | undefined): string =>
  iso
    ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : '—';

/** "<0.1 ms", "38.6 ms", "412 ms", "2.3 s": a measured duration, to the precision worth reading. */
export function millis(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 0.05) return '<0.1 ms';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${Math.round(ms * 10) / 10} ms`;
}

/** "473 bytes", "5.1 kB": the size of an answer. */
export const bytes = (n: number): string =>
  n < 1000
    ? `${n} ${n === 1 ? 'byte' : 'bytes'}`
    : n < 1e6
      ? `${(n / 1000).toFixed(1)} kB`
      : `${(n / 1e6).toFixed(1)} MB`;

/** Text cut to about `chars` at a word boundary, with '…' where it was cut. */
export function cutAtWord(text: string, chars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= chars) return flat;
  const cut = flat.slice(0, chars);
  const space = cut.lastIndexOf(' ');
  return `${(space > chars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
