// One conversation with the desk: the messages, the reply streaming in over the conversation's event
// stream, what the agents are doing meanwhile, and the rating once it is answered.
import { useEffect, useReducer, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { describeError, newIdempotencyKey, type ApiClient } from '../api/client.js';
import { openStream, type StreamState } from '../api/stream.js';
import type { Conversation } from '../api/types.js';
import { ErrorNotice, StreamBadge } from '../shared/Notice.js';
import { canRate, chatReducer, emptyChat } from './chatState.js';
import { statusLabel } from './progress.js';
import { Rating } from './Rating.js';
import { Typewriter } from './Typewriter.js';

/** How near the end of the messages (in pixels) still counts as reading the latest one. */
const FOLLOW_SLACK_PX = 48;

interface ChatProps {
  client: ApiClient;
  /** The conversation to open; a new one starts with the first message when absent. */
  threadId?: string;
  /** Called when the first message started a conversation, or when one settles (the history refreshes). */
  onChanged?: (threadId: string) => void;
}

export function Chat({ client, threadId: initialThreadId, onChanged }: ChatProps) {
  const [state, dispatch] = useReducer(chatReducer, emptyChat);
  const [loadError, setLoadError] = useState<unknown>();
  const [sendError, setSendError] = useState<string>();
  const [draft, setDraft] = useState('');
  const [stream, setStream] = useState<StreamState>('closed');
  const [reload, setReload] = useState(0);
  const log = useRef<HTMLOListElement>(null);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    if (!initialThreadId) return;
    const controller = new AbortController();
    client.get<Conversation>(`/v1/conversations/${initialThreadId}`, controller.signal).then(
      (conversation) => {
        setLoadError(undefined);
        dispatch({ type: 'loaded', conversation });
      },
      (error: unknown) => !controller.signal.aborted && setLoadError(error),
    );
    return () => controller.abort();
  }, [client, initialThreadId, reload]);

  const threadId = state.threadId;
  useEffect(() => {
    if (!threadId || !client.token) return;
    const source = openStream(
      `/v1/conversations/${threadId}/events`,
      {
        onEvent: (event) => {
          dispatch({ type: 'event', event });
          if (event.type === 'request.settled') onChangedRef.current?.(threadId);
        },
        onState: setStream,
      },
      { ticket: () => client.streamTicket() },
    );
    return () => source.close();
  }, [client, threadId]);

  // Follows the conversation while the reader is at its end: a new message, and a reply as it types itself
  // in (growing the last message after it was scrolled to), so the end of the last reply is never left
  // hidden under the rating or the composer. Someone who scrolled up to reread stays where they are.
  const following = useRef(true);
  useEffect(() => {
    const element = log.current;
    if (!element) return;
    const follow = () => {
      if (following.current) element.scrollTop = element.scrollHeight;
    };
    const onScroll = () => {
      following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
    };
    const observer = new MutationObserver(follow);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    element.addEventListener('scroll', onScroll, { passive: true });
    follow();
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
    // The list is rendered anew after a failed load is retried.
  }, [loadError]);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const localId = `local:${newIdempotencyKey()}`;
    following.current = true;
    dispatch({ type: 'posted', localId, text });
    setDraft('');
    setSendError(undefined);
    try {
      const accepted = await client.post<{ threadId: string; requestId: string }>(
        threadId ? `/v1/conversations/${threadId}/messages` : '/v1/conversations',
        { text },
        newIdempotencyKey(),
      );
      dispatch({ type: 'post-confirmed', localId, ...accepted });
      if (!threadId) onChangedRef.current?.(accepted.threadId);
    } catch (error) {
      dispatch({ type: 'post-failed', localId });
      setDraft(text);
      setSendError(describeError(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  };

  if (loadError) return <ErrorNotice error={loadError} onRetry={() => setReload((n) => n + 1)} />;

  return (
    <section className="chat" aria-label="Conversation">
      <header className="chat-header">
        <h2>{threadId ? 'Your conversation' : 'New conversation'}</h2>
        {state.status && (
          <span className={`pill status-${state.status}`}>{statusLabel[state.status] ?? state.status}</span>
        )}
        {threadId && <StreamBadge state={stream} />}
      </header>
      {/* Focusable, so the messages scroll from the keyboard too. */}
      <ol className="messages" ref={log} aria-live="polite" aria-label="Messages" tabIndex={0}>
        {state.messages.length === 0 && (
          <li className="message-empty">
            Ask us anything about your orders, refunds, deliveries or your account — our agents answer in
            seconds.
          </li>
        )}
        {state.messages.map((m) => (
          <li key={m.id} className={`message message-${m.role}${m.pending ? ' pending' : ''}`}>
            {m.role !== 'notice' && (
              <span className="message-author">
                {m.role === 'customer' ? 'You' : m.role === 'human' ? (m.from ?? 'Our team') : 'Frontdesk'}
              </span>
            )}
            <p className="message-text">
              {m.role === 'customer' || m.role === 'notice' ? (
                m.text
              ) : (
                <Typewriter text={m.text} animate={m.fresh === true} />
              )}
            </p>
          </li>
        ))}
      </ol>
      {state.activity && (
        <p className="activity" role="status" aria-live="polite">
          <span className="dots" aria-hidden="true" />
          {state.activity}
        </p>
      )}
      {threadId && canRate(state) && <Rating key={threadId} client={client} threadId={threadId} />}
      <form className="composer" onSubmit={(event) => void send(event)}>
        <label htmlFor="composer-text" className="visually-hidden">
          Your message
        </label>
        <textarea
          id="composer-text"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Your message (Enter sends, Shift+Enter: new line)"
          rows={2}
          maxLength={20_000}
        />
        <button type="submit" className="button primary" disabled={!draft.trim()}>
          Send
        </button>
      </form>
      {sendError && (
        <p className="notice notice-error" role="alert">
          {sendError}
        </p>
      )}
    </section>
  );
}
