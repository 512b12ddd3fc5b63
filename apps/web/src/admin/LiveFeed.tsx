// The live feed: agent actions, approvals and replies across the desk as they happen, newest first, over
// one resumable event stream (a dropped connection picks up from the last event it saw).
import { useEffect, useState } from 'react';
import { openStream, type StreamState } from '../api/stream.js';
import type { ActivityEvent } from '../api/types.js';
import { percent, time } from '../shared/format.js';
import { Empty, StreamBadge } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import type { SectionProps } from './Dashboard.js';

const KEEP = 200;

export function describeActivity(event: ActivityEvent): string {
  const d = event.data;
  const s = (key: string) => (typeof d[key] === 'string' ? d[key] : '');
  switch (event.type) {
    case 'agent.decided':
      return `${s('agent')} decided ${s('outcome')}${typeof d.confidence === 'number' ? ` (${percent(d.confidence)})` : ''}`;
    case 'agent.tool_called':
      return `${s('agent')} called ${s('tool')}: ${s('outcome')}${typeof d.durationMs === 'number' ? ` in ${Math.round(d.durationMs)} ms` : ''}`;
    case 'approval.requested':
      return `approval requested: ${s('reason')}`;
    case 'approval.answered':
      return `approval answered: ${s('decision')} by ${s('by')}`;
    case 'approval.overdue':
      return 'approval overdue: re-escalated';
    case 'approval.action_failed':
      return `approved action failed: ${s('action')}: ${s('why')}`;
    case 'reply.sent':
      return `reply sent: ${s('text').slice(0, 120)}`;
    case 'request.accepted':
      return `customer wrote: ${s('text').slice(0, 120)}`;
    case 'request.settled':
      return `request settled: ${s('status')}`;
    default:
      return event.type;
  }
}

export function LiveFeed({ client }: SectionProps) {
  const [events, setEvents] = useState<ActivityEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [filter, setFilter] = useState('all');

  useEffect(() => {
    if (!client.token) return;
    const source = openStream(
      '/v1/activity/events',
      {
        onEvent: (event) => setEvents((list) => [event as ActivityEvent, ...list].slice(0, KEEP)),
        onState: setState,
      },
      { ticket: () => client.streamTicket() },
    );
    return () => source.close();
  }, [client]);

  const shown = events.filter(
    (e) =>
      filter === 'all' ||
      (filter === 'agents' && e.type.startsWith('agent.')) ||
      (filter === 'approvals' && e.type.startsWith('approval.')) ||
      (filter === 'replies' && (e.type === 'reply.sent' || e.type === 'request.accepted')),
  );

  return (
    <section aria-labelledby="feed-title">
      <div className="section-head">
        <h1 id="feed-title">Live feed</h1>
        <StreamBadge state={state} />
      </div>
      <label className="field inline">
        <span>Show</span>
        <select value={filter} onChange={(event) => setFilter(event.target.value)}>
          <option value="all">Everything</option>
          <option value="agents">Agent actions</option>
          <option value="approvals">Approvals</option>
          <option value="replies">Messages and replies</option>
        </select>
      </label>
      {shown.length === 0 ? (
        <Empty title="Quiet for now">Agent actions and approvals appear here the moment they happen.</Empty>
      ) : (
        <ol className="feed" aria-live="polite" aria-label="Recent activity">
          {shown.map((e, i) => (
            <li key={e.id ?? `${e.type}-${i}`} className={`feed-item feed-${e.type.split('.')[0]}`}>
              <time>{time(e.occurredAt)}</time>
              <span className="feed-type">{e.type}</span>
              <span className="feed-text">{describeActivity(e)}</span>
              <Link to={`/admin/conversations/${e.threadId}`} label={`Open the timeline of ${e.threadId}`}>
                {e.threadId.slice(0, 12)}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
