// What the channels left for a person: inbound email parked with the reason (nothing is lost: the raw
// message is kept) and outbound email that failed for good; webhook deliveries that ran out of attempts
// (the dead-letter list), each of which an administrator can send again.
import { useState } from 'react';
import { ApiError, describeError } from '../api/client.js';
import type { EmailNeedingAttention, WebhookDelivery } from '../api/types.js';
import { bytes, clock } from '../shared/format.js';
import { DataTable } from '../shared/DataTable.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';

const absent = (error: unknown) => error instanceof ApiError && error.status === 404;

export function Channels({ client, session }: SectionProps) {
  return (
    <section aria-labelledby="channels-title">
      <h1 id="channels-title">Mail and webhooks</h1>
      <ParkedMail client={client} />
      {session.role === 'admin' ? (
        <DeadLetters client={client} />
      ) : (
        <div className="card">
          <h2>Webhook dead letters</h2>
          <p className="muted">Only administrators can see and re-send webhook deliveries.</p>
        </div>
      )}
    </section>
  );
}

function ParkedMail({ client }: Pick<SectionProps, 'client'>) {
  const mail = useLoad(
    (signal) => client.get<{ emails: EmailNeedingAttention[] }>('/v1/channels/email/attention', signal),
    [client],
  );
  return (
    <div className="card">
      <div className="section-head">
        <h2>Email needing a person</h2>
        <button type="button" className="button small" onClick={mail.reload}>
          Refresh
        </button>
      </div>
      {mail.error ? (
        absent(mail.error) ? (
          <Empty title="Email is not set up on this desk" />
        ) : (
          <ErrorNotice error={mail.error} onRetry={mail.reload} />
        )
      ) : null}
      {!mail.data && !mail.error && <Loading what="parked email" />}
      {mail.data?.emails.length === 0 && (
        <Empty title="Nothing parked">
          Inbound email the desk could not take, and replies it could not send, appear here.
        </Empty>
      )}
      {mail.data && mail.data.emails.length > 0 && (
        <DataTable
          label="Parked and failed email"
          rows={mail.data.emails}
          rowKey={(email) => email.id}
          columns={[
            { header: 'Received', cell: (email) => clock(email.createdAt) },
            {
              header: 'From or to',
              className: 'wrap-anywhere',
              cell: (email) =>
                `${email.direction === 'in' ? 'From ' : 'To '}${email.address || 'unknown sender'}`,
            },
            {
              header: 'Subject',
              cell: (email) => (
                <>
                  {email.subject || <span className="muted">(no subject)</span>}
                  {email.threadId && (
                    <>
                      {' '}
                      <Link to={`/admin/conversations/${email.threadId}`}>conversation</Link>
                    </>
                  )}
                </>
              ),
            },
            {
              header: 'Why',
              cell: (email) => (
                <>
                  <span className={`pill ${email.status === 'parked' ? 'warn' : 'danger'}`}>
                    {email.status}
                  </span>{' '}
                  {email.reason ?? email.lastError ?? ''}{' '}
                  <span className="muted">
                    ({bytes(email.sizeBytes)}
                    {email.attempts > 0 ? `, ${email.attempts} attempts` : ''})
                  </span>
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

function DeadLetters({ client }: Pick<SectionProps, 'client'>) {
  const dead = useLoad(
    (signal) => client.get<{ deliveries: WebhookDelivery[] }>('/v1/webhooks/deliveries?status=dead', signal),
    [client],
  );
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const resend = async (delivery: WebhookDelivery) => {
    setBusy(delivery.id);
    try {
      await client.post(`/v1/webhooks/deliveries/${delivery.id}/resend`, {});
      setMessage(`Sent ${delivery.eventType} again; it is retried until the receiver takes it.`);
      dead.reload();
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div className="card">
      <div className="section-head">
        <h2>Webhook dead letters</h2>
        <button type="button" className="button small" onClick={dead.reload}>
          Refresh
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      {dead.error ? <ErrorNotice error={dead.error} onRetry={dead.reload} /> : null}
      {!dead.data && !dead.error && <Loading what="dead letters" />}
      {dead.data?.deliveries.length === 0 && (
        <Empty title="No dead letters">
          Deliveries that ran out of attempts appear here to be sent again.
        </Empty>
      )}
      {dead.data && dead.data.deliveries.length > 0 && (
        <DataTable
          label="Dead webhook deliveries"
          rows={dead.data.deliveries}
          rowKey={(d) => d.id}
          columns={[
            {
              header: 'Event',
              cell: (d) => (
                <>
                  {d.eventType} <span className="muted">{clock(d.createdAt)}</span>
                </>
              ),
            },
            { header: 'Subscription', className: 'wrap-anywhere', cell: (d) => d.subscriptionId },
            {
              header: 'Last answer',
              cell: (d) => (
                <>
                  {d.lastStatus ? `HTTP ${d.lastStatus}` : 'no answer'}
                  {d.lastError ? ` — ${d.lastError}` : ''}{' '}
                  <span className="muted">after {d.attempts} attempts</span>
                </>
              ),
            },
            {
              header: 'Re-send',
              cell: (d) => (
                <button
                  type="button"
                  className="button small"
                  disabled={busy === d.id}
                  onClick={() => void resend(d)}
                >
                  Send again
                </button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
