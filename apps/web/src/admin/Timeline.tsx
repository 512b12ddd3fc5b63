// Conversations for staff, and one conversation's timeline: every agent step (decision, confidence, tool calls,
// sources, timing) by request, and the checkpoints, each of which an admin can replay or fork from.
import { useState } from 'react';
import { describeError, newIdempotencyKey } from '../api/client.js';
import type { Checkpoint, Conversation, ConversationSummary, Decision, DeskResult } from '../api/types.js';
import { clock, time } from '../shared/format.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';
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
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.data.conversations.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/conversations/${c.id}`}>{c.id}</Link>
                  </td>
                  <td>{c.customerId}</td>
                  <td>
                    <span className={`pill status-${c.status}`}>{c.status}</span>
                  </td>
                  <td>{clock(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface TimelineData {
  conversation: Conversation;
  decisions: Decision[];
  checkpoints: Checkpoint[];
}

export function Timeline({ client, session, threadId }: SectionProps & { threadId: string }) {
  const data = useLoad<TimelineData>(
    async (signal) => {
      const [conversation, decisions, history] = await Promise.all([
        client.get<Conversation>(`/v1/conversations/${threadId}`, signal),
        client.get<{ decisions: Decision[] }>(`/v1/threads/${threadId}/decisions`, signal),
        client.get<{ checkpoints: Checkpoint[] }>(`/v1/threads/${threadId}/history`, signal),
      ]);
      return { conversation, decisions: decisions.decisions, checkpoints: history.checkpoints };
    },
    [client, threadId],
  );
  if (data.error) return <ErrorNotice error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading what="the timeline" />;
  const { conversation, decisions, checkpoints } = data.data;
  const canRerun = session.role === 'admin';

  return (
    <article aria-labelledby="timeline-title">
      <p>
        <Link to="/admin/conversations">← Conversations</Link>
      </p>
      <h1 id="timeline-title">Timeline of {conversation.id}</h1>
      <p className="meta">
        Customer {conversation.customerId} ·{' '}
        <span className={`pill status-${conversation.status}`}>{conversation.status}</span>
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
          <section key={request.id} className="card" aria-label={`Request ${index + 1}`}>
            <h2>
              Request {index + 1} <span className="pill">{request.outcome ?? request.runStatus}</span>
            </h2>
            {message && <blockquote>{message.text}</blockquote>}
            <DecisionTable decisions={steps} />
            {conversation.messages
              .filter((m) => m.requestId === request.id && m.role !== 'customer')
              .map((m) => (
                <p key={m.id} className="reply">
                  <strong>Reply:</strong> {m.text}
                </p>
              ))}
          </section>
        );
      })}
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
    </article>
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
