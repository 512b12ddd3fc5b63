// The support team's dashboard: the team inbox (with the approvals waiting), a conversation taken over,
// conversation timelines, the live feed, analytics, knowledge, parked mail and webhook dead letters, and the
// status page, behind a staff sign-in. Sections a role may not use are not offered.
import type { ApiClient } from '../api/client.js';
import type { Role, Session } from '../api/types.js';
import { Link } from '../shared/router.js';
import { SignIn } from '../shared/SignIn.js';
import { useSession } from '../shared/useSession.js';
import { Analytics } from './Analytics.js';
import { Channels } from './Channels.js';
import { ApprovalView } from './ApprovalView.js';
import { ConversationList, Timeline } from './Timeline.js';
import { Inbox } from './Inbox.js';
import { Knowledge } from './Knowledge.js';
import { LiveFeed } from './LiveFeed.js';
import { StatusPage } from './StatusPage.js';
import { Takeover } from './Takeover.js';

export interface SectionProps {
  client: ApiClient;
  session: Session;
}

interface Section {
  path: string;
  label: string;
  roles: Role[];
}

const sections: Section[] = [
  { path: '/admin/inbox', label: 'Inbox', roles: ['agent', 'approver', 'admin'] },
  { path: '/admin/conversations', label: 'Conversations', roles: ['agent', 'approver', 'admin'] },
  { path: '/admin/feed', label: 'Live feed', roles: ['agent', 'approver', 'admin'] },
  { path: '/admin/analytics', label: 'Analytics', roles: ['approver', 'admin'] },
  { path: '/admin/knowledge', label: 'Knowledge', roles: ['agent', 'approver', 'admin'] },
  { path: '/admin/channels', label: 'Mail & webhooks', roles: ['agent', 'approver', 'admin'] },
  { path: '/admin/status', label: 'Status', roles: ['agent', 'approver', 'admin'] },
];

export function Dashboard({ path }: { path: string }) {
  const { session, client, notice, signIn, signOut } = useSession('admin');
  if (!session) {
    return (
      <SignIn
        roles={['approver', 'agent', 'admin']}
        title="Frontdesk — support dashboard"
        onSignedIn={signIn}
        {...(notice ? { notice } : {})}
      />
    );
  }
  const mine = sections.filter((s) => s.roles.includes(session.role));
  return (
    <div className="dashboard">
      <header className="topbar">
        <span className="brand">Frontdesk dashboard</span>
        <span className="muted">
          {session.name ?? session.sub} ({session.role})
        </span>
        <button type="button" className="button link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav className="sidenav" aria-label="Dashboard sections">
        <ul>
          {mine.map((s) => (
            <li key={s.path}>
              <Link to={s.path} current={path.startsWith(s.path)}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" id="content">
        <Route path={path} client={client} session={session} />
      </main>
    </div>
  );
}

function Route({ path, client, session }: { path: string } & SectionProps) {
  const parts = path.split('/').filter(Boolean).slice(1);
  const [section, id] = parts;
  const props = { client, session };
  switch (section) {
    case undefined:
    case 'inbox':
      return <Inbox view={id} {...props} />;
    case 'workspace':
      return id ? <Takeover key={id} threadId={id} {...props} /> : <Inbox view="all" {...props} />;
    case 'approvals':
      return id ? (
        <ApprovalView key={id} approvalId={id} {...props} />
      ) : (
        <Inbox view="approvals" {...props} />
      );
    case 'conversations':
      return id ? <Timeline key={id} threadId={id} {...props} /> : <ConversationList {...props} />;
    case 'feed':
      return <LiveFeed {...props} />;
    case 'analytics':
      return <Analytics {...props} />;
    case 'knowledge':
      return <Knowledge {...props} {...(id ? { articleId: decodeURIComponent(id) } : {})} />;
    case 'channels':
      return <Channels {...props} />;
    case 'status':
      return <StatusPage {...props} />;
    default:
      return (
        <p role="alert" className="notice notice-error">
          There is no page at {path}. <Link to="/admin/inbox">Go to the inbox</Link>
        </p>
      );
  }
}
