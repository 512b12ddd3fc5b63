// The live feed: agent steps (with the tool calls each made folded in), approvals and replies across the
// desk as they happen, newest first, over one resumable event stream (a dropped connection picks up from
// the last event it saw).
import { useEffect, useState } from 'react';
import { openStream, type StreamState } from '../api/stream.js';
import type { ActivityEvent } from '../api/types.js';
import { time } from '../shared/format.js';
import { Empty, StreamBadge } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import type { SectionProps } from './Dashboard.js';
import { describeDecision } from './decision-words.js';
import { groupActivity, type FeedGroup } from './feed-groups.js';

const KEEP = 200;

const typeWords: Record<string, string> = {
  'agent.decided': 'Agent step',
  'agent.tool_called': 'Agent working',
  'approval.requested': 'Approval',
  'approval.answered': 'Approval',
  'approval.overdue': 'Approval',
  'reply.sent': 'Reply',
  'request.accepted': 'Customer',
  'request.settled': 'Settled',
};

/** The calls a step made, in one line: "3 tool calls: knowledge.search, orders.lookup". */
export function describeCalls(calls: ActivityEvent[]): string {
  const tools = [...new Set(calls.map((c) => (typeof c.data.tool === 'string' ? c.data.tool : '?')))];
  const failed = calls.filter((c) => c.data.outcome !== 'ok').length;
  return `${calls.length === 1 ? '1 tool call' : `${calls.length} tool calls`}: ${tools.join(', ')}${
    failed > 0 ? ` (${failed} did not succeed)` : ''
  }`;
}

function FeedRow({ group }: { group: FeedGroup }) {
  const e = group.event;
  const agent = typeof e.data.agent === 'string' ? e.data.agent : 'an agent';
  return (
    <li className={`feed-item feed-${e.type.split('.')[0]}`}>
      <time dateTime={e.occurredAt}>{time(e.occurredAt)}</time>
      <span className="feed-type">{typeWords[e.type] ?? e.type}</span>
      <span className="feed-text">
        {group.working ? `${agent} is working` : describeActivity(e)}
        {group.toolCalls.length > 0 && <span className="feed-calls">{describeCalls(group.toolCalls)}</span>}
      </span>
      <Link to={`/admin/conversations/${e.threadId}`} label={`Open the conversation ${e.threadId}`}>
        Open
      </Link>
    </li>
  );
}

export function describeActivity(event: ActivityEvent): string {
  const d = event.data;
  const s = (key: string) => (typeof d[key] === 'string' ? d[key] : '');
  switch (event.type) {
    case 'agent.decided':
      return describeDecision({
        agent: s('agent'),
        outcome: s('outcome'),
        ...(typeof d.confidence === 'number' ? { confidence: d.confidence } : {}),
      });
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
      return `request settled: ${s('status').replace(/_/g, ' ')}`;
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
          {groupActivity(shown).map((group) => (
            <FeedRow key={group.key} group={group} />
          ))}
        </ol>
      )}
    </section>
  );
}
