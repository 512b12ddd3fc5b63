// The RBAC matrix: every route of the app, called by nobody and by each role, is refused or let through
// exactly as the matrix says. A new route without a row here fails the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../security/index.js';
import { runtimeTargets } from '../testing/runtime.js';
import { routesOf, startTestApp, type TestApp } from '../testing/http.js';

const staff: Role[] = ['agent', 'approver', 'admin'];
const everyone: Role[] = ['customer', ...staff];

/** Who may call each route; `public` needs no credentials. */
const matrix: Record<string, Role[] | 'public'> = {
  'GET /': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'POST /v1/auth/dev-token': 'public',
  'GET /v1/auth/demo-users': 'public',
  'GET /v1/me': everyone,
  'POST /v1/stream-tickets': everyone,
  'GET /v1/api-keys': ['admin'],
  'POST /v1/api-keys': ['admin'],
  'DELETE /v1/api-keys/:keyId': ['admin'],
  'DELETE /v1/customers/:customerId': ['admin'],
  'GET /v1/settings': ['admin'],
  'PUT /v1/settings': ['admin'],
  'POST /v1/conversations': everyone,
  'GET /v1/conversations': everyone,
  'GET /v1/conversations/:threadId': everyone,
  'POST /v1/conversations/:threadId/messages': everyone,
  'POST /v1/conversations/:threadId/rating': ['customer'],
  'GET /v1/conversations/:threadId/events': everyone,
  'GET /v1/conversations/:threadId/ws': everyone,
  'GET /v1/approvals': staff,
  'GET /v1/approvals/:approvalId': staff,
  'POST /v1/approvals/:approvalId/answer': staff,
  'GET /v1/threads/:threadId/history': staff,
  'POST /v1/threads/:threadId/replay': ['admin'],
  'POST /v1/threads/:threadId/fork': ['admin'],
  'GET /v1/customers': staff,
  'GET /v1/customers/:customerId': everyone,
  'GET /v1/customers/:customerId/orders': everyone,
  'GET /v1/customers/:customerId/conversations': everyone,
  'GET /v1/knowledge/search': everyone,
  'GET /v1/knowledge/articles': everyone,
  'GET /v1/knowledge/articles/:articleId': everyone,
  'GET /v1/knowledge/articles/:articleId/citations': staff,
  'PUT /v1/knowledge/articles/:articleId': staff,
  'POST /v1/knowledge/search': everyone,
  'GET /v1/knowledge/documents': staff,
  'GET /v1/knowledge/documents/:documentId': staff,
  'POST /v1/knowledge/documents': staff,
  'DELETE /v1/knowledge/documents/:documentId': staff,
  'GET /v1/knowledge/drafts': staff,
  'POST /v1/knowledge/drafts/:draftId/approve': staff,
  'POST /v1/knowledge/drafts/:draftId/reject': staff,
  'GET /v1/analytics': ['approver', 'admin'],
  // The web app's pages and assets, and the dashboard's routes (mounted when the web feature is present).
  'GET /admin': 'public',
  'GET /admin/*': 'public',
  'GET /assets/*': 'public',
  'GET /embed': 'public',
  'GET /favicon.svg': 'public',
  'GET /widget.js': 'public',
  'GET /v1/threads/:threadId/decisions': staff,
  'GET /v1/activity/events': staff,
  'GET /v1/status': staff,
  'GET /v1/status/tasks': staff,
  // Channels: what email parked, webhook subscriptions and deliveries; the inbound-email webhook and Slack's
  // signed callback are mounted only when those channels are configured.
  'GET /v1/channels/email/attention': staff,
  'GET /v1/webhooks': ['admin'],
  'POST /v1/webhooks': ['admin'],
  'DELETE /v1/webhooks/:webhookId': ['admin'],
  'GET /v1/webhooks/deliveries': ['admin'],
  'POST /v1/webhooks/deliveries/:deliveryId/resend': ['admin'],
  'POST /v1/channels/email/inbound': ['admin'],
  // Operations the command line runs through a desk that holds its database.
  'GET /v1/events/replay': ['admin'],
  'POST /v1/demo/reset': ['admin'],
  'GET /v1/intent-models': ['admin'],
  'POST /v1/intent-models': ['admin'],
  'GET /v1/triage-rules': ['admin'],
  'PUT /v1/triage-rules': ['admin'],
  // The people's workspace: the team inbox, taking conversations over, notes (never customers), canned replies.
  'GET /v1/inbox': staff,
  'POST /v1/inbox/bulk': staff,
  'GET /v1/conversations/:threadId/assignment': staff,
  'POST /v1/conversations/:threadId/claim': staff,
  'POST /v1/conversations/:threadId/assign': staff,
  'POST /v1/conversations/:threadId/release': staff,
  'POST /v1/conversations/:threadId/hand-back': staff,
  'POST /v1/conversations/:threadId/replies': staff,
  'POST /v1/conversations/:threadId/typing': staff,
  'GET /v1/conversations/:threadId/notes': staff,
  'POST /v1/conversations/:threadId/notes': staff,
  'GET /v1/canned-replies': staff,
  'POST /v1/canned-replies': staff,
  'PUT /v1/canned-replies/:cannedId': staff,
  'DELETE /v1/canned-replies/:cannedId': staff,
};

/** Rows for routes another feature mounts, which a build without that feature does not serve. */
const optional = new Set([
  'GET /admin',
  'GET /admin/*',
  'GET /assets/*',
  'GET /embed',
  'GET /favicon.svg',
  'GET /widget.js',
  'GET /v1/threads/:threadId/decisions',
  'GET /v1/activity/events',
  'GET /v1/status',
  'POST /v1/channels/email/inbound',
]);

/** Streams with no id to point elsewhere: a permitted caller would be held open, so only refusals are tried. */
const openStreams = new Set(['GET /v1/activity/events']);

/**
 * MCP over Streamable HTTP (/mcp/SERVER) belongs to the tools feature, which tests which roles may open
 * each server; the robustness suite proves those routes refuse callers without valid credentials.
 */
const ownedElsewhere = (route: string) => route.includes(' /mcp/');

// Roles are checked before any store is read, so one database is enough: PostgreSQL when present (it
// starts faster), the embedded one otherwise.
const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;

describe('RBAC matrix', () => {
  let t: TestApp;
  let threadId: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    threadId = (await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
      .threadId;
  });
  afterAll(async () => t?.dispose());

  const urlFor = (route: string) =>
    route
      .split(' ')[1]!
      // Streams get a thread nobody has, so a permitted caller is answered 404 instead of held open.
      .replace(/:threadId\/(events|ws)$/, 'th_missing/$1')
      .replace(':threadId', threadId)
      .replace(':customerId', 'cus_01')
      .replace(':approvalId', 'apr_missing')
      .replace(':articleId', 'missing')
      .replace(':keyId', 'key_missing')
      .concat(route.endsWith('/search') ? '?q=password' : '');

  it('has a row for every route the app serves', () => {
    const served = routesOf(t.app).filter((route) => !ownedElsewhere(route));
    expect(served.filter((route) => !(route in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((route) => !served.includes(route) && !optional.has(route))).toEqual(
      [],
    );
  });

  it('lets through exactly the roles of each row and refuses the rest', async () => {
    const tokens = Object.fromEntries(await Promise.all(everyone.map(async (r) => [r, await t.bearer(r)])));
    const failures: string[] = [];
    const served = new Set(routesOf(t.app));
    for (const [route, allowed] of Object.entries(matrix)) {
      if (!served.has(route)) continue;
      const method = route.split(' ')[0] as 'GET';
      const callers: Array<Role | 'nobody'> = ['nobody', ...everyone];
      for (const caller of callers) {
        if (openStreams.has(route) && caller !== 'nobody' && allowed !== 'public' && allowed.includes(caller))
          continue;
        const response = await t.app.inject({
          method,
          url: urlFor(route),
          headers: caller === 'nobody' ? {} : { authorization: tokens[caller]! },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const refused = response.statusCode === 401 || response.statusCode === 403;
        const expectRefused = allowed !== 'public' && (caller === 'nobody' || !allowed.includes(caller));
        const expectedStatus = caller === 'nobody' ? 401 : 403;
        if (expectRefused ? response.statusCode !== expectedStatus : refused || response.statusCode >= 500) {
          failures.push(`${route} as ${caller}: ${response.statusCode} ${response.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
