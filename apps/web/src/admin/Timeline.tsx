// Conversations for staff (subject, customer, status, channel), and one conversation's timeline: what the
// agents decided on each message, in words; behind "Technical details", every step with its tool calls,
// confidence and timing, and the checkpoints (framework steps included), which an admin can replay or fork.
import { useState } from 'react';
import { describeError, newIdempotencyKey } from '../api/client.js';
import type { Checkpoint, Conversation, ConversationSummary, Decision, DeskResult } from '../api/types.js';
import { clock, cutAtWord, time } from '../shared/format.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { ColumnHeads } from '../shared/DataTable.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';
import { describeDecision, isFrameworkStep } from './decision-words.js';
import { DecisionTable } from './DecisionTable.js';

export function ConversationList({ client }: SectionProps) {
  const list = useLoad(
    (signal) => client.get<{ conversations: ConversationSummary[] }>('/v1/conversations?limit=100', signal),
    [client],
  );
  return (
    <section aria-labelledby="conversations-title">
      <h1 id="conversations-title">Conversations</h1>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error && <Loading what="conversations" />}
      {list.data?.conversations.length === 0 && <Empty title="No conversations yet" />}
      {list.data && list.data.conversations.length > 0 && (
        <div className="table-wrap">
          {/* Explicit roles: it stays a table for screen readers once a phone's CSS stacks its rows. */}
          <table className="table conversations" role="table">
            <ColumnHeads headers={['Subject', 'Customer', 'Status', 'Channel', 'Updated']} />
            <tbody role="rowgroup">
              {list.data.conversations.map((c) => (
                <tr key={c.id} role="row">
                  <td role="cell" className="subject-cell">
                    <Link to={`/admin/conversations/${c.id}`}>{subjectOf(c)}</Link>
                    {c.preview && c.preview !== c.subject && (
                      <span className="row-preview">
                        {c.previewRole === 'customer' ? 'Customer: ' : 'Last reply: '}
                        {cutAtWord(c.preview, 90)}
                      </span>
                    )}
                  </td>
                  <td role="cell">{c.customerName ?? c.customerId}</td>
                  <td role="cell">
                    <span className={`pill status-${c.status}`}>{statusWords(c.status)}</span>
                  </td>
                  <td role="cell">{c.channel === 'email' ? 'Email' : 'Web chat'}</td>
                  <td role="cell" className="muted">
                    {clock(c.updatedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The subject a person recognises: the customer's first message, cut at a word. */
export const subjectOf = (c: Pick<ConversationSummary, 'subject'>): string =>
  c.subject ? cutAtWord(c.subject, 80) : 'No message yet';

export const statusWords = (status: string): string => status.replace(/_/g, ' ');

interface TimelineData {
  conversation: Conversation;
  customerName: string;
  decisions: Decision[];
  checkpoints: Checkpoint[];
}

export function Timeline({ client, session, threadId }: SectionProps & { threadId: string }) {
  const [technical, setTechnical] = useState(false);
  const data = useLoad<TimelineData>(
    async (signal) => {
      const [conversation, decisions, history] = await Promise.all([
        client.get<Conversation>(`/v1/conversations/${threadId}`, signal),
        client.get<{ decisions: Decision[] }>(`/v1/threads/${threadId}/decisions`, signal),
        client.get<{ checkpoints: Checkpoint[] }>(`/v1/threads/${threadId}/history`, signal),
      ]);
      // The name is a nicety: a customer record that cannot be read leaves the id in its place.
      const customer = await client
        .get<{ name?: string }>(`/v1/customers/${conversation.customerId}`, signal)
        .catch(() => undefined);
      return {
        conversation,
        customerName: customer?.name ?? conversation.customerId,
        decisions: decisions.decisions,
        checkpoints: history.checkpoints,
      };
    },
    [client, threadId],
  );
  if (data.error) return <ErrorNotice error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading what="the timeline" />;
  const { conversation, customerName, decisions, checkpoints } = data.data;
  const canRerun = session.role === 'admin';
  const subject = conversation.messages.find((m) => m.role === 'customer')?.text;

  return (
    <article aria-labelledby="timeline-title">
      <p>
        <Link to="/admin/conversations">← Conversations</Link>
      </p>
      <div className="section-head">
        <h1 id="timeline-title">Conversation with {customerName}</h1>
        <button
          type="button"
          className="button small"
          aria-pressed={technical}
          onClick={() => setTechnical((on) => !on)}
        >
          Technical details
        </button>
      </div>
      <p className="meta">
        {subject && <>“{cutAtWord(subject, 120)}” · </>}
        <span className={`pill status-${conversation.status}`}>{statusWords(conversation.status)}</span>
        {conversation.pendingApproval && (
          <>
            {' '}
            · <Link to={`/admin/approvals/${conversation.pendingApproval.id}`}>pending approval</Link>
          </>
        )}
      </p>
      {conversation.requests.map((request, index) => {
        const message = conversation.messages.find(
          (m) => m.requestId === request.id && m.role === 'customer',
        );
        const steps = decisions.filter((d) => d.requestId === request.id);
        return (
          <section key={request.id} className="card" aria-label={`Message ${index + 1}`}>
            <h2>
              Message {index + 1}{' '}
              <span className="pill">{statusWords(request.outcome ?? request.runStatus)}</span>
            </h2>
            {message && <blockquote>{message.text}</blockquote>}
            {technical ? <DecisionTable decisions={steps} /> : <DecisionTrail decisions={steps} />}
            {conversation.messages
              .filter((m) => m.requestId === request.id && m.role !== 'customer')
              .map((m) => (
                <p key={m.id} className="reply">
                  <strong>{m.role === 'human' ? 'Our team' : 'Reply'}:</strong> {m.text}
                </p>
              ))}
          </section>
        );
      })}
      {technical && (
        <section className="card" aria-labelledby="checkpoints-title">
          <h2 id="checkpoints-title">Checkpoints</h2>
          {!canRerun && <p className="muted">Only administrators can replay or fork from a checkpoint.</p>}
          <Checkpoints
            client={client}
            threadId={threadId}
            checkpoints={checkpoints}
            canRerun={canRerun}
            onDone={data.reload}
          />
        </section>
      )}
    </article>
  );
}

/** The agents' decisions on one message, in words, oldest first; tool calls and framework steps left out. */
export function DecisionTrail({ decisions }: { decisions: Decision[] }) {
  const steps = decisions.filter((d) => d.kind === 'step' && !isFrameworkStep(d.agent));
  if (steps.length === 0) return <p className="muted">No agent has decided anything yet.</p>;
  return (
    <ol className="decision-trail" aria-label="What the agents decided">
      {steps.map((d) => (
        <li key={d.id}>
          <time dateTime={d.at}>{time(d.at)}</time> {describeDecision(d)}
        </li>
      ))}
    </ol>
  );
}

function Checkpoints({
  client,
  threadId,
  checkpoints,
  canRerun,
  onDone,
}: Pick<SectionProps, 'client'> & {
  threadId: string;
  checkpoints: Checkpoint[];
  canRerun: boolean;
  onDone: () => void;
}) {
  const [forking, setForking] = useState<string>();
  const [message, setMessage] = useState('');
  const [result, setResult] = useState<string>();
  const [busy, setBusy] = useState(false);

  const rerun = async (kind: 'replay' | 'fork', checkpointId: string) => {
    setBusy(true);
    setResult(undefined);
    try {
      const body =
        kind === 'fork' && message.trim() ? { checkpointId, message: message.trim() } : { checkpointId };
      const outcome = await client.post<DeskResult>(
        `/v1/threads/${threadId}/${kind}`,
        body,
        newIdempotencyKey(),
      );
      setResult(
        `${kind === 'replay' ? 'Replayed' : 'Forked'}: ${outcome.status}${outcome.reply ? ` — “${outcome.reply}”` : ''}`,
      );
      setForking(undefined);
      onDone();
    } catch (error) {
      setResult(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (checkpoints.length === 0) return <p className="muted">No checkpoints.</p>;
  return (
    <>
      {result && (
        <p className="notice notice-info" role="status">
          {result}
        </p>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">At</th>
              <th scope="col">Agent / stage</th>
              <th scope="col">Next</th>
              {canRerun && <th scope="col">Re-run</th>}
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((c) => (
              <tr key={c.checkpointId}>
                <td>
                  {c.step} <span className="muted">{c.source}</span>
                </td>
                <td>{time(c.createdAt)}</td>
                <td>
                  {c.agent ?? '—'} {c.stage ? `/ ${c.stage}` : ''}
                </td>
                <td>{c.next.join(', ') || 'end'}</td>
                {canRerun && (
                  <td>
                    <div className="button-row">
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        onClick={() => void rerun('replay', c.checkpointId)}
                      >
                        Replay
                      </button>
                      <button
                        type="button"
                        className="button small"
                        aria-expanded={forking === c.checkpointId}
                        onClick={() => setForking(forking === c.checkpointId ? undefined : c.checkpointId)}
                      >
                        Fork…
                      </button>
                    </div>
                    {forking === c.checkpointId && (
                      <form
                        className="stack"
                        onSubmit={(event) => {
                          event.preventDefault();
                          void rerun('fork', c.checkpointId);
                        }}
                      >
                        <label className="field">
                          <span>Customer message on the new branch (optional)</span>
                          <input value={message} onChange={(event) => setMessage(event.target.value)} />
                        </label>
                        <button type="submit" className="button small primary" disabled={busy}>
                          Fork from step {c.step}
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
