// One conversation in the people's workspace: who holds it, claim / release / hand back with a summary, the
// messages, a reply to the customer (canned replies inserted and edited first; the customer sees the person
// typing), and the team's internal notes, which the customer never sees.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { api } from '@frontdesk/contracts';
import { describeError } from '../api/client.js';
import type { Conversation } from '../api/types.js';
import { clock } from '../shared/format.js';
import { ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import { CannedPicker } from './CannedReplies.js';
import type { SectionProps } from './Dashboard.js';

const REFRESH_MS = 3_000;
const TYPING_EVERY_MS = 3_000;

interface Loaded {
  conversation: Conversation;
  assignment: api.Assignment;
  notes: api.Note[];
}

export function Takeover({ client, session, threadId }: SectionProps & { threadId: string }) {
  const [notice, setNotice] = useState<string>();
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const lastTyping = useRef(0);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const base = `/v1/conversations/${threadId}`;
  const loaded = useLoad(
    async (signal): Promise<Loaded> => {
      const [conversation, assignment, notes] = await Promise.all([
        client.get<Conversation>(base, signal),
        client.get<api.Assignment>(`${base}/assignment`, signal),
        client.get<{ notes: api.Note[] }>(`${base}/notes`, signal),
      ]);
      return { conversation, assignment, notes: notes.notes };
    },
    [client, base],
  );
  const { reload } = loaded;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    if (window.location.hash === '#reply') replyBox.current?.focus();
  }, [loaded.data !== undefined]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNotice(done);
      reload();
    } catch (error) {
      setNotice(describeError(error));
    }
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await client.post(`${base}/replies`, { text: reply });
      setReply('');
    }, 'Reply sent');
  };
  const typing = (text: string) => {
    setReply(text);
    // The customer sees "… is typing" for a few seconds; one nudge every few seconds is enough.
    if (Date.now() - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = Date.now();
    void client.post(`${base}/typing`, {}).catch(() => undefined);
  };

  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={reload} />;
  if (!loaded.data) return <Loading what="the conversation" />;
  const { conversation, assignment, notes } = loaded.data;
  const mine = assignment.holder === session.sub;

  return (
    <section className="takeover" aria-labelledby="takeover-title">
      <p>
        <Link to="/admin/inbox/all">← Inbox</Link>
      </p>
      <h1 id="takeover-title">Conversation with {conversation.customerName ?? conversation.customerId}</h1>
      <div className="card" aria-label="Who holds it">
        <p>
          {assignment.holder ? (
            <>
              Held by <strong>{mine ? 'you' : assignment.holder}</strong> since{' '}
              {clock(assignment.claimedAt ?? undefined)}: the agents do not answer while a person holds it.
            </>
          ) : (
            'The agents are answering this conversation.'
          )}{' '}
          <span className="pill">{conversation.status}</span>
        </p>
        <div className="inline-form">
          {!mine && (
            <button
              type="button"
              className="button"
              onClick={() => void act(() => client.post(`${base}/claim`, {}), 'You hold it now')}
            >
              Claim
            </button>
          )}
          {mine && (
            <button
              type="button"
              className="button"
              onClick={() => void act(() => client.post(`${base}/release`, {}), 'Back in the queue')}
            >
              Release to the queue
            </button>
          )}
        </div>
        {mine && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void act(async () => {
                await client.post(`${base}/hand-back`, { summary });
                setSummary('');
              }, 'Handed back to the agents');
            }}
          >
            <label className="field">
              <span>Summary for the agents</span>
              <textarea value={summary} onChange={(event) => setSummary(event.target.value)} required />
            </label>
            <button type="submit" className="button">
              Hand back
            </button>
          </form>
        )}
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {/* Focusable, so the messages scroll from the keyboard too. */}
      <ol className="messages" aria-label="Messages" tabIndex={0}>
        {conversation.messages.map((m) => (
          <li key={m.id} className={`message message-${m.role}`}>
            <span className="message-author">
              {m.role === 'customer' ? 'Customer' : m.role === 'human' ? (m.from ?? 'Our team') : 'Agents'}
            </span>
            <p className="message-text">{m.text}</p>
          </li>
        ))}
      </ol>
      {mine && (
        <form className="card" onSubmit={send} aria-label="Reply to the customer">
          <label className="field">
            <span>Your reply (the customer sees it from {assignment.displayName})</span>
            <textarea
              id="reply"
              ref={replyBox}
              value={reply}
              onChange={(event) => typing(event.target.value)}
              required
            />
          </label>
          <div className="inline-form">
            <CannedPicker
              client={client}
              onInsert={(body) => setReply((text) => (text ? `${text}\n\n${body}` : body))}
            />
            <button type="submit" className="button primary">
              Send reply
            </button>
          </div>
        </form>
      )}
      <section className="card" aria-labelledby="notes-title">
        <h2 id="notes-title">Internal notes</h2>
        <p className="muted">For the team only: the customer never sees these.</p>
        <ul>
          {notes.map((n) => (
            <li key={n.id}>
              <strong>{n.author}</strong> {n.kind === 'hand_back' ? '(handed back)' : ''} {clock(n.createdAt)}
              : {n.text}
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(async () => {
              await client.post(`${base}/notes`, { text: note });
              setNote('');
            }, 'Note added');
          }}
        >
          <label className="field">
            <span>Add a note</span>
            <textarea value={note} onChange={(event) => setNote(event.target.value)} required />
          </label>
          <button type="submit" className="button">
            Add note
          </button>
        </form>
      </section>
    </section>
  );
}
