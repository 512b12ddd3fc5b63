// A desk that answers from a table of routes, for component tests: the real ApiClient runs over it, so
// requests, headers and problem documents go through the same code as in the browser.
import { ApiClient, type Fetch } from '../api/client.js';
import type { Session } from '../api/types.js';

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Answer =
  { status?: number; body?: unknown } | ((request: Recorded) => { status?: number; body?: unknown });

export function fakeDesk(routes: Record<string, Answer>, session?: Session) {
  const requests: Recorded[] = [];
  const fetcher: Fetch = (input, init) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const recorded: Recorded = {
      method,
      path,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    requests.push(recorded);
    const route = routes[`${method} ${path.split('?')[0]}`];
    if (!route) {
      return Promise.resolve(
        new Response(
          JSON.stringify({ status: 404, code: 'NOT_FOUND', detail: `No route ${method} ${path}` }),
          {
            status: 404,
          },
        ),
      );
    }
    const answer = typeof route === 'function' ? route(recorded) : route;
    return Promise.resolve(new Response(JSON.stringify(answer.body ?? {}), { status: answer.status ?? 200 }));
  };
  let unauthenticated = 0;
  const client = new ApiClient(
    () => session,
    () => (unauthenticated += 1),
    fetcher,
  );
  return { client, requests, unauthenticated: () => unauthenticated };
}

export const staff = (role: Session['role'], sub = 'ana'): Session => ({
  token: 'test-token',
  role,
  sub,
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
});
