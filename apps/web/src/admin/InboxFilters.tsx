// The inbox's filters and search, kept as one value so the query string follows from it.
import type { api } from '@frontdesk/contracts';

export interface Filters {
  q: string;
  status: string;
  priority: string;
  intent: string;
  language: string;
  channel: string;
  slaBreached: boolean;
}

export const emptyFilters: Filters = {
  q: '',
  status: '',
  priority: '',
  intent: '',
  language: '',
  channel: '',
  slaBreached: false,
};

export function queryOf(view: api.InboxView, filters: Filters): string {
  const params = new URLSearchParams({ view, limit: '100' });
  for (const key of ['q', 'status', 'priority', 'intent', 'language', 'channel'] as const) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  if (filters.slaBreached) params.set('slaBreached', 'true');
  return params.toString();
}

export function InboxFilters({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const set = (key: keyof Filters, value: string | boolean) => onChange({ ...filters, [key]: value });
  const select = (key: 'status' | 'priority' | 'channel', label: string, options: string[]) => (
    <label className="field inline">
      <span>{label}</span>
      <select value={filters[key]} onChange={(event) => set(key, event.target.value)}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replace('_', ' ')}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter conversations"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="field inline">
        <span>Search</span>
        <input
          type="search"
          value={filters.q}
          onChange={(event) => set('q', event.target.value)}
          placeholder="Name, email or words"
        />
      </label>
      {select('status', 'Status', [
        'escalated',
        'awaiting_approval',
        'with_person',
        'delivered',
        'open',
        'closed',
      ])}
      {select('priority', 'Priority', ['urgent', 'high', 'normal', 'low'])}
      {select('channel', 'Channel', ['web', 'email'])}
      <label className="field inline">
        <span>Intent</span>
        <input
          value={filters.intent}
          onChange={(event) => set('intent', event.target.value)}
          placeholder="refund_request…"
        />
      </label>
      <label className="field inline">
        <span>Language</span>
        <input
          value={filters.language}
          onChange={(event) => set('language', event.target.value)}
          placeholder="en, es…"
          size={4}
        />
      </label>
      <label className="field inline">
        <input
          type="checkbox"
          checked={filters.slaBreached}
          onChange={(event) => set('slaBreached', event.target.checked)}
        />
        <span>SLA breached</span>
      </label>
    </form>
  );
}
