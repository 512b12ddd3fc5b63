// One approval in full: what is proposed (an action, an account change the customer confirmed, or a reply),
// the customer and their orders, the sources the proposal cites, every agent's decision and tool call, the
// conversation so far, and the answer panel.
import { useState } from 'react';
import type { ApprovalDetail } from '../api/types.js';
import { clock, duration, money, percent, timeLeft } from '../shared/format.js';
import { ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import { AnswerPanel } from './AnswerPanel.js';
import type { SectionProps } from './Dashboard.js';
import { DecisionTable } from './DecisionTable.js';
import { isAccountChange, orderOf, ProposedActionView } from './ProposedAction.js';
import { SourcesPanel } from './SourcesPanel.js';

export function ApprovalView({ client, session, approvalId }: SectionProps & { approvalId: string }) {
  const [answered, setAnswered] = useState<string>();
  const detail = useLoad(
    (signal) => client.get<ApprovalDetail>(`/v1/approvals/${approvalId}`, signal),
    [client, approvalId],
  );
  if (detail.error) return <ErrorNotice error={detail.error} onRetry={detail.reload} />;
  const a = detail.data;
  if (!a) return <Loading what="the approval" />;
  const left = timeLeft(a.deadline);
  const action = a.proposedAction;
  const orderId = orderOf(action);

  return (
    <article className="approval" aria-labelledby="approval-title">
      <p>
        <Link to="/admin/inbox">← Inbox</Link>
      </p>
      <h1 id="approval-title">{a.reason}</h1>
      <p className="meta">
        <span className="pill">{a.kind}</span> waiting {duration(a.ageSeconds)} ·{' '}
        <span className={left.overdue ? 'danger' : undefined}>{left.label} before re-escalation</span> ·{' '}
        <Link to={`/admin/conversations/${a.threadId}`}>conversation timeline</Link>
      </p>
      {a.actionFailure && (
        <p className="notice notice-error" role="alert">
          Approved, but the action could not be performed: {a.actionFailure}. The customer has been told.
        </p>
      )}
      {a.reasons.length > 0 && (
        <ul className="reasons">
          {a.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}

      <section className="card" aria-labelledby="proposal-title">
        <h2 id="proposal-title">Proposed</h2>
        <ProposedActionView action={action} />
        {a.proposedReply && (
          <>
            {isAccountChange(action) && <h3>Message to the customer once approved</h3>}
            <blockquote className="proposed-reply">{a.proposedReply}</blockquote>
          </>
        )}
        {!action && !a.proposedReply && (
          <p className="muted">No action or reply proposed: the agents ask for guidance.</p>
        )}
        {answered ? (
          <p className="notice notice-success" role="status">
            Answered ({answered}). The conversation resumes now; the customer sees the outcome stream in.
          </p>
        ) : (
          <AnswerPanel
            client={client}
            approval={a}
            role={session.role}
            onAnswered={(decision) => {
              setAnswered(decision);
              detail.reload();
            }}
          />
        )}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="customer-title">
          <h2 id="customer-title">Customer</h2>
          {a.customer ? (
            <dl className="facts">
              <dt>Id</dt>
              <dd>{a.customer.id}</dd>
              {a.customer.name && (
                <>
                  <dt>Name</dt>
                  <dd>{a.customer.name}</dd>
                </>
              )}
              {a.customer.email && (
                <>
                  <dt>Email</dt>
                  <dd>{a.customer.email}</dd>
                </>
              )}
              {a.customer.tier && (
                <>
                  <dt>Tier</dt>
                  <dd>{a.customer.tier}</dd>
                </>
              )}
            </dl>
          ) : (
            <p className="muted">Unknown customer {a.customerId}</p>
          )}
          <h3>Orders</h3>
          {a.orders.length === 0 ? (
            <p className="muted">No orders.</p>
          ) : (
            <ul className="orders">
              {a.orders.map((o) => (
                <li key={o.id} className={o.id === orderId ? 'highlight' : undefined}>
                  <strong>{o.id}</strong> {o.status ?? ''}{' '}
                  {typeof o.totalMinor === 'number' ? money(o.totalMinor, o.currency ?? 'USD') : ''}
                  {o.id === orderId && <span className="pill">in this request</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <SourcesPanel sources={a.sources} />
      </div>

      <section className="card" aria-labelledby="decisions-title">
        <h2 id="decisions-title">Every agent's decision</h2>
        <DecisionTable decisions={a.decisions} />
      </section>

      <section className="card" aria-labelledby="messages-title">
        <h2 id="messages-title">Conversation</h2>
        <ol className="transcript">
          {a.messages.map((m) => (
            <li key={m.id}>
              <span className="message-author">{m.role}</span> <time>{clock(m.createdAt)}</time>
              <p>{m.text}</p>
            </li>
          ))}
        </ol>
      </section>
      <p className="muted">
        Confidence is the agent's own estimate, e.g. {percent(0.9)} means it is fairly sure.
      </p>
    </article>
  );
}
