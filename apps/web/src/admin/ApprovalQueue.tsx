// The approval queue (the inbox's "waiting on approval" view): every pending approval, oldest first, with why it
// waits (as a category, the amount a detail), whose it is with their latest message, its priority, how long it
// has waited and the time left before it is re-escalated. Refreshes on its own so a new request shows up within seconds.
import { useEffect, useState } from 'react';
import type { api } from '@frontdesk/contracts';
import type { ApprovalSummary } from '../api/types.js';
import { duration, timeLeft } from '../shared/format.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';

const REFRESH_MS = 4_000;

export function ApprovalQueue({ client }: SectionProps) {
  const [kind, setKind] = useState('');
  const [reason, setReason] = useState('');
  const query = new URLSearchParams({
    limit: '100',
    ...(kind ? { kind } : {}),
    ...(reason ? { reason } : {}),
  });
  const inbox = useLoad(
    async (signal) => {
      const [{ approvals }, { conversations }] = await Promise.all([
        client.get<{ approvals: ApprovalSummary[] }>(`/v1/approvals?${query.toString()}`, signal),
        // The conversations they wait in, for each one's priority and latest message (an older server: none).
        client
          .get<{ conversations: api.InboxRow[] }>('/v1/inbox?view=approvals&limit=200', signal)
          .catch(() => ({ conversations: [] as api.InboxRow[] })),
      ]);
      return { approvals, conversations: new Map(conversations.map((row) => [row.threadId, row])) };
    },
    [client, query.toString()],
  );
  const { reload } = inbox;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title">Approval inbox</h2>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter approvals">
        <label className="field inline">
          <span>Kind</span>
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">All</option>
            <option value="review">Review (a proposed reply or action)</option>
            <option value="decision">Decision (an escalation)</option>
          </select>
        </label>
        <label className="field inline">
          <span>Reason contains</span>
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="refund, VIP…"
          />
        </label>
      </form>
      {inbox.error ? <ErrorNotice error={inbox.error} onRetry={reload} /> : null}
      {!inbox.data && !inbox.error && <Loading what="the inbox" />}
      {inbox.data && inbox.data.approvals.length === 0 && (
        <Empty title="Nothing waits for a person">New approvals appear here as soon as an agent asks.</Empty>
      )}
      {inbox.data && inbox.data.approvals.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Pending approvals</caption>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Kind</th>
                <th scope="col">Customer</th>
                <th scope="col">Priority</th>
                <th scope="col">Waiting</th>
                <th scope="col">Re-escalates</th>
                <th scope="col">Who may answer</th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.approvals.map((a) => {
                const left = timeLeft(a.deadline);
                const conversation = inbox.data?.conversations.get(a.threadId);
                return (
                  <tr key={a.id} className={left.overdue ? 'overdue' : undefined}>
                    <td title={a.reason}>
                      <Link to={`/admin/approvals/${a.id}`}>{a.category ?? a.reason}</Link>
                      {a.detail && <span className="pill warn">{a.detail}</span>}
                      {a.escalationLevel > 0 && (
                        <span className="pill warn">re-escalated ×{a.escalationLevel}</span>
                      )}
                    </td>
                    <td>{a.kind}</td>
                    <td>
                      {a.customerName ?? a.customerId}
                      {conversation?.preview && <span className="inbox-preview">{conversation.preview}</span>}
                    </td>
                    <td>
                      {conversation?.priority ?? '—'}
                      {conversation?.urgency != null && (
                        <span className="muted"> ({conversation.urgency}/10)</span>
                      )}
                    </td>
                    <td>{duration(a.ageSeconds)}</td>
                    <td className={left.overdue ? 'danger' : undefined}>{left.label}</td>
                    <td>{a.allowedRoles.join(', ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
