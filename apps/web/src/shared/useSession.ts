// The signed-in person of one area and the API client acting for them. A 401 from the API (expired or
// revoked token) signs them out with a notice saying why.
import { useMemo, useRef, useState } from 'react';
import { ApiClient } from '../api/client.js';
import { clearSession, loadSession, saveSession, type Area } from '../api/session.js';
import type { Session } from '../api/types.js';

export function useSession(area: Area) {
  const [session, setSession] = useState<Session | undefined>(() => loadSession(area));
  const [notice, setNotice] = useState<string>();
  const current = useRef(session);
  current.current = session;

  const client = useMemo(
    () =>
      new ApiClient(
        () => current.current,
        () => {
          clearSession(area);
          setSession(undefined);
          setNotice('Your session has expired. Please sign in again.');
        },
      ),
    [area],
  );

  return {
    session,
    client,
    notice,
    signIn: (next: Session) => {
      saveSession(area, next);
      setNotice(undefined);
      setSession(next);
    },
    signOut: () => {
      clearSession(area);
      setSession(undefined);
    },
  };
}
