// Sign-in. In development (the embedded default) the desk signs tokens for its demo users, listed here so
// anyone can try the portal and the dashboard; elsewhere people arrive with a token from their identity
// provider and paste it.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiClient, describeError } from '../api/client.js';
import type { DemoUser, Role, Session } from '../api/types.js';

interface SignInProps {
  /** Which people may use this area: customers for the portal, staff for the dashboard. */
  roles: Role[];
  title: string;
  notice?: string;
  onSignedIn: (session: Session) => void;
  client?: ApiClient;
}

/** Signing in needs no credentials; one client serves every sign-in page (a stable effect dependency). */
const anonymous = new ApiClient(() => undefined);

export function SignIn({ roles, title, notice, onSignedIn, client = anonymous }: SignInProps) {
  const [users, setUsers] = useState<DemoUser[]>();
  const [devLogin, setDevLogin] = useState<boolean>();
  const [sub, setSub] = useState('');
  const [role, setRole] = useState<Role>(roles[0]!);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    client.get<{ users: DemoUser[] }>('/v1/auth/demo-users', controller.signal).then(
      ({ users: all }) => {
        const mine = all.filter((u) => roles.includes(u.role));
        setUsers(mine);
        setDevLogin(true);
        if (mine[0]) {
          setSub(mine[0].sub);
          setRole(mine[0].role);
        }
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setDevLogin(false);
        if (!(failure instanceof Error && 'status' in failure && failure.status === 404)) {
          setError(describeError(failure));
        }
      },
    );
    return () => controller.abort();
    // The roles of an area never change while it is mounted.
  }, [client]);

  const signIn = async (as: { sub: string; role: Role }) => {
    setBusy(true);
    setError(undefined);
    try {
      const token = await client.post<Session & { tokenType: string }>('/v1/auth/dev-token', as);
      const name = users?.find((u) => u.sub === as.sub && u.role === as.role)?.name;
      onSignedIn({
        token: token.token,
        role: token.role,
        sub: token.sub,
        expiresAt: token.expiresAt,
        ...(name ? { name } : {}),
      });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn({ sub: sub.trim(), role });
  };

  const [pasted, setPasted] = useState('');
  const usePasted = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const token = pasted.trim();
    const probe = new ApiClient(() => ({ token, role, sub: '', expiresAt: '' }));
    try {
      const me = await probe.get<{ subject: string; role: Role }>('/v1/me');
      if (!roles.includes(me.role))
        throw new Error(`This area is for ${roles.join(', ')}; the token is a ${me.role}'s`);
      onSignedIn({
        token,
        role: me.role,
        sub: me.subject,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <main className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">{title}</h1>
      {notice && (
        <p className="notice notice-warning" role="alert">
          {notice}
        </p>
      )}
      {devLogin && users && (
        <form onSubmit={submit} className="card stack">
          <p className="muted">Development sign-in is on: pick one of the demo users.</p>
          <label className="field">
            <span>Demo user</span>
            <select
              value={`${role}:${sub}`}
              onChange={(event) => {
                const [r, s] = event.target.value.split(':') as [Role, string];
                setRole(r);
                setSub(s);
              }}
            >
              {users.map((u) => (
                <option key={`${u.role}:${u.sub}`} value={`${u.role}:${u.sub}`}>
                  {u.name === u.sub ? u.sub : `${u.name} (${u.sub})`}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {devLogin === false && (
        <form onSubmit={(event) => void usePasted(event)} className="card stack">
          <label className="field">
            <span>Access token</span>
            <textarea value={pasted} onChange={(event) => setPasted(event.target.value)} rows={3} required />
          </label>
          <p className="muted">Paste a token from your identity provider, or run `npx frontdesk token`.</p>
          <button type="submit" className="button primary">
            Sign in
          </button>
        </form>
      )}
      {devLogin === undefined && !error && <p role="status">Checking how to sign in…</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
