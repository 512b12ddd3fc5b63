// Who is signed in, per area (portal or dashboard), kept in the browser's localStorage so a reload keeps
// the session; an expired token is dropped on read.
import type { Session } from './types.js';

export type Area = 'portal' | 'admin';

const keyOf = (area: Area) => `frontdesk.session.${area}`;

export function loadSession(area: Area, storage: Storage = localStorage): Session | undefined {
  const raw = storage.getItem(keyOf(area));
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (Date.parse(session.expiresAt) <= Date.now()) {
      storage.removeItem(keyOf(area));
      return undefined;
    }
    return session;
  } catch {
    storage.removeItem(keyOf(area));
    return undefined;
  }
}

export function saveSession(area: Area, session: Session, storage: Storage = localStorage): void {
  storage.setItem(keyOf(area), JSON.stringify(session));
}

export function clearSession(area: Area, storage: Storage = localStorage): void {
  storage.removeItem(keyOf(area));
}
