// The customer portal: sign in, then the conversation history beside the chat. The embeddable widget
// shows the same portal in its compact form (`embedded`).
import { useState } from 'react';
import type { ApiClient } from '../api/client.js';
import type { ConversationSummary, Session } from '../api/types.js';
import { clock, cutAtWord } from '../shared/format.js';
import { Empty, ErrorNotice } from '../shared/Notice.js';
import { SignIn } from '../shared/SignIn.js';
import { useLoad } from '../shared/useLoad.js';
import { useSession } from '../shared/useSession.js';
import { Chat } from './Chat.js';
import { statusLabel } from './progress.js';

export function Portal({ embedded = false }: { embedded?: boolean }) {
  const { session, client, notice, signIn, signOut } = useSession('portal');
  if (!session) {
    return (
      <SignIn
        roles={['customer']}
        title={embedded ? 'Chat with Juniper & Pine' : 'Juniper & Pine — customer support'}
        onSignedIn={signIn}
        {...(notice ? { notice } : {})}
      />
    );
  }
  return (
    <div className={embedded ? 'portal portal-embedded' : 'portal'}>
      <header className="topbar">
        <span className="brand">Juniper &amp; Pine support</span>
        <span className="muted">
          Signed in as <CustomerName client={client} session={session} />
        </span>
        <button
          type="button"
          className="button link"
          onClick={() => {
            // The next person to sign in here must not open this customer's conversation.
            rememberConversation(undefined);
            signOut();
          }}
        >
          Sign out
        </button>
      </header>
      <Conversations client={client} embedded={embedded} />
    </div>
  );
}

function Conversations({ client, embedded }: { client: ApiClient; embedded: boolean }) {
  // `chat` keys the Chat: it changes only when the customer picks a conversation or starts a new one. The
  // open conversation is kept in the address, so a reload (or a shared link) opens it again.
  const [chat, setChat] = useState<{ key: number; threadId?: string }>(() => {
    const threadId = openConversation();
    return { key: 0, ...(threadId ? { threadId } : {}) };
  });
  const [selected, setSelected] = useState<string | undefined>(() => openConversation());
  const list = useLoad(
    (signal) => client.get<{ conversations: ConversationSummary[] }>('/v1/conversations?limit=30', signal),
    [client],
  );

  const open = (threadId?: string) => {
    rememberConversation(threadId);
    setSelected(threadId);
    setChat((c) => ({ key: c.key + 1, ...(threadId ? { threadId } : {}) }));
  };

  return (
    <div className="portal-body">
      <nav className={`history${embedded ? ' history-compact' : ''}`} aria-label="Your conversations">
        <div className="history-head">
          <h2>Your conversations</h2>
          <button type="button" className="button" onClick={() => open(undefined)}>
            New conversation
          </button>
        </div>
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.data && list.data.conversations.length === 0 && <Empty title="No conversations yet" />}
        <ul>
          {list.data?.conversations.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`history-item${selected === c.id ? ' active' : ''}`}
                aria-current={selected === c.id ? 'true' : undefined}
                onClick={() => open(c.id)}
              >
                <span className="history-subject">
                  {c.subject ? cutAtWord(c.subject, 60) : 'New conversation'}
                </span>
                {c.preview && c.preview !== c.subject && (
                  <span className="history-preview">
                    {c.previewRole === 'customer' ? 'You: ' : ''}
                    {cutAtWord(c.preview, 70)}
                  </span>
                )}
                <span className="history-meta">
                  <span>{clock(c.updatedAt)}</span>
                  <span className={`pill status-${c.status}`}>{statusLabel[c.status] ?? c.status}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <Chat
        key={chat.key}
        client={client}
        {...(chat.threadId ? { threadId: chat.threadId } : {})}
        onChanged={(threadId) => {
          rememberConversation(threadId);
          setSelected(threadId);
          list.reload();
        }}
      />
    </div>
  );
}

const CONVERSATION_PARAM = 'conversation';

/** The conversation the address names (`?conversation=…`), if any. */
export function openConversation(): string | undefined {
  return new URLSearchParams(window.location.search).get(CONVERSATION_PARAM) ?? undefined;
}

/** Puts the open conversation in the address without a new history entry; none: a new conversation. */
export function rememberConversation(threadId: string | undefined): void {
  const url = new URL(window.location.href);
  if (threadId) url.searchParams.set(CONVERSATION_PARAM, threadId);
  else url.searchParams.delete(CONVERSATION_PARAM);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/** The customer's name: as sign-in left it, else from their record, else their id. */
function CustomerName({ client, session }: { client: ApiClient; session: Session }) {
  const record = useLoad(
    (signal) =>
      session.name
        ? Promise.resolve({ name: session.name })
        : client.get<{ name?: string }>(`/v1/customers/${encodeURIComponent(session.sub)}`, signal),
    [client, session.sub, session.name],
  );
  return <>{record.data?.name ?? session.sub}</>;
}
