// The team inbox: conversations by view (mine, unassigned, all, waiting on an approval), filtered and
// searched, each with the customer's name, a preview, priority and urgency, and the wait against its SLA.
// Rows are picked for bulk assign and close; the keyboard moves (j/k), claims (c), replies (r), and opens the
// approval with Approve ready (a: Enter approves) or its edit form open (e); `?` lists the shortcuts. Refreshes on its own.
import { useEffect, useState } from 'react';
import type { api } from '@frontdesk/contracts';
import { describeError } from '../api/client.js';
import { duration } from '../shared/format.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link, navigate } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import { ApprovalQueue } from './ApprovalQueue.js';
import type { SectionProps } from './Dashboard.js';
import { InboxFilters, emptyFilters, queryOf, type Filters } from './InboxFilters.js';
import { Shortcuts, useShortcuts } from './InboxShortcuts.js';

const REFRESH_MS = 4_000;

const views: Array<{ view: api.InboxView; label: string }> = [
  { view: 'mine', label: 'Mine' },
  { view: 'unassigned', label: 'Unassigned' },
  { view: 'all', label: 'All' },
  { view: 'approvals', label: 'Waiting on approval' },
];

export function Inbox({ client, session, view }: SectionProps & { view: string | undefined }) {
  // The bare inbox opens on what waits for an approval, as it always has.
  const current: api.InboxView = views.find((v) => v.view === view)?.view ?? 'approvals';
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Inbox</h1>
      <nav className="view-tabs" aria-label="Inbox views">
        {views.map((v) => (
          <Link key={v.view} to={`/admin/inbox/${v.view}`} current={v.view === current}>
            {v.label}
          </Link>
        ))}
      </nav>
      {current === 'approvals' ? (
        <ApprovalQueue client={client} session={session} />
      ) : (
        <TeamQueue key={current} client={client} session={session} view={current} />
      )}
    </section>
  );
}

function TeamQueue({ client, session, view }: SectionProps & { view: api.InboxView }) {
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [selected, setSelected] = useState(0);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string>();
  const query = queryOf(view, filters);
  const inbox = useLoad(
    (signal) => client.get<{ conversations: api.InboxRow[] }>(`/v1/inbox?${query}`, signal),
    [client, query],
  );
  const { reload } = inbox;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const rows = inbox.data?.conversations ?? [];
  const row = rows[Math.min(selected, rows.length - 1)];

  const claim = async (threadId: string) => {
    try {
      await client.post(`/v1/conversations/${threadId}/claim`, {});
      navigate(`/admin/workspace/${threadId}`);
    } catch (error) {
      setNotice(describeError(error));
    }
  };
  const bulk = async (action: 'assign' | 'close') => {
    const threadIds = [...picked];
    if (threadIds.length === 0) return;
    const { results } = await client.post<{ results: Array<{ ok: boolean; detail?: string }> }>(
      '/v1/inbox/bulk',
      { threadIds, action, ...(action === 'assign' ? { assignee: session.sub } : {}) },
    );
    const failed = results.filter((r) => !r.ok);
    setNotice(
      failed.length === 0
        ? `${action === 'assign' ? 'Assigned to you' : 'Closed'}: ${results.length}`
        : `${results.length - failed.length} done; ${failed.map((f) => f.detail).join('; ')}`,
    );
    setPicked(new Set());
    reload();
  };

  const help = useShortcuts({
    next: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
    previous: () => setSelected((i) => Math.max(i - 1, 0)),
    claim: () => row && void claim(row.threadId),
    reply: () => row && navigate(`/admin/workspace/${row.threadId}#reply`),
    approve: () => row?.handOff && navigate(`/admin/approvals/${row.handOff.approvalId}#approve`),
    edit: () => row?.handOff && navigate(`/admin/approvals/${row.handOff.approvalId}#edit`),
  });

  const toggle = (threadId: string) =>
    setPicked((before) => {
      const after = new Set(before);
      if (after.has(threadId)) after.delete(threadId);
      else after.add(threadId);
      return after;
    });

  return (
    <>
      <InboxFilters filters={filters} onChange={setFilters} />
      <Shortcuts open={help.open} onClose={help.close} />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <div className="bulk-bar" aria-label="Bulk actions">
        <span>{picked.size} selected</span>
        <button
          type="button"
          className="button"
          disabled={picked.size === 0}
          onClick={() => void bulk('assign')}
        >
          Assign to me
        </button>
        <button
          type="button"
          className="button"
          disabled={picked.size === 0}
          onClick={() => void bulk('close')}
        >
          Close
        </button>
        <button type="button" className="button link" onClick={help.toggle}>
          Keyboard shortcuts (?)
        </button>
      </div>
      {inbox.error ? <ErrorNotice error={inbox.error} onRetry={reload} /> : null}
      {!inbox.data && !inbox.error && <Loading what="the inbox" />}
      {inbox.data && rows.length === 0 && (
        <Empty title="Nothing here">
          Conversations that need a person appear here as soon as the agents hand them off.
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Conversations</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Pick</span>
                </th>
                <th scope="col">Customer</th>
                <th scope="col">Conversation</th>
                <th scope="col">Priority</th>
                <th scope="col">Waiting</th>
                <th scope="col">Hand-off</th>
                <th scope="col">Held by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr
                  key={r.threadId}
                  className={`inbox-row${i === selected ? ' selected' : ''}`}
                  aria-selected={i === selected}
                  onClick={() => setSelected(i)}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Pick ${r.customerName}`}
                      checked={picked.has(r.threadId)}
                      onChange={() => toggle(r.threadId)}
                    />
                  </td>
                  <td>
                    <Link to={`/admin/workspace/${r.threadId}`}>{r.customerName}</Link>
                    <span className="inbox-preview">{r.customerEmail}</span>
                  </td>
                  <td>
                    {r.subject || '(no message yet)'}
                    <span className="inbox-preview">{r.preview}</span>
                    <span className="pill">{r.status}</span>
                    <span className="pill">{r.channel}</span>
                    <span className="pill">{r.language}</span>
                  </td>
                  <td>
                    {r.priority ?? '—'}
                    {r.urgency !== null && <span className="muted"> ({r.urgency}/10)</span>}
                  </td>
                  <td className={r.slaBreached ? 'danger' : undefined}>
                    {r.waitingSeconds === null ? 'answered' : duration(r.waitingSeconds)}
                    <span className="inbox-preview">
                      target {duration(r.slaTargetMinutes * 60)}
                      {r.slaBreached ? ' — breached' : ''}
                    </span>
                  </td>
                  <td>
                    {r.handOff ? (
                      <>
                        {r.handOff.category}
                        {r.handOff.detail && <span className="pill warn">{r.handOff.detail}</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{r.holder ?? 'nobody'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
