// Every route, walked with malformed bodies, wrong types, huge payloads, bad ids, bad query strings and
// missing or forged credentials: never a 5xx, always a problem document, and nothing in the store changes.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets } from '../testing/runtime.js';
import { routesOf, startTestApp, type TestApp } from '../testing/http.js';

const TABLES = [
  'conversations',
  'messages',
  'requests',
  'decisions',
  'approvals',
  'outbox',
  'actions',
  'audit_entries',
  'api_keys',
  'idempotency_keys',
  'csat_ratings',
  'tenant_settings',
];

const badBodies: Array<{ name: string; payload: string; type?: string }> = [
  { name: 'broken JSON', payload: '{"text": "hi"' },
  { name: 'an array', payload: '[]' },
  { name: 'null', payload: 'null' },
  { name: 'a string', payload: '"hello"' },
  { name: 'a number', payload: '42' },
  { name: 'empty object', payload: '{}' },
  { name: 'text as number', payload: '{"text": 123, "customerId": "cus_01"}' },
  { name: 'text empty', payload: '{"text": ""}' },
  { name: 'text as object', payload: '{"text": {"$gt": ""}}' },
  { name: 'unknown decision', payload: '{"decision": "maybe"}' },
  { name: 'extra field', payload: '{"decision": "approve", "role": "admin", "by": "mallory"}' },
  { name: 'sql in id', payload: `{"checkpointId": "x'; DROP TABLE requests; --"}` },
  { name: 'score out of range', payload: '{"score": 6}' },
  { name: 'score as string', payload: '{"score": "five"}' },
  { name: 'unknown role', payload: '{"role": "root", "sub": "x", "name": "k", "subject": "x"}' },
  { name: 'bad policy', payload: '{"doubleTexting": "sometimes"}' },
  {
    name: 'prototype pollution',
    payload: '{"__proto__": {"admin": true}, "text": "hi", "customerId": "cus_01"}',
  },
  { name: 'constructor pollution', payload: '{"constructor": {"prototype": {"x": 1}}, "text": "hi"}' },
  { name: 'deep nesting', payload: `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}` },
  { name: 'huge payload', payload: JSON.stringify({ text: 'x'.repeat(400_000), customerId: 'cus_01' }) },
  { name: 'wrong content type', payload: 'text=hello', type: 'text/plain' },
  { name: 'form encoded', payload: 'text=hello', type: 'application/x-www-form-urlencoded' },
];

const badIds = [
  'th_does_not_exist',
  "x' OR '1'='1",
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%E2%98%83',
  'a'.repeat(250),
  '%25',
];

const badQueries = [
  'limit=-1',
  'limit=abc',
  'limit=1e309',
  'limit=99999',
  'from=yesterday&to=2020-01-01',
  'from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z',
  'q=',
  `q=${'a'.repeat(600)}`,
  'kind=weird&role=root',
  'olderThanMinutes=-5',
  'customerId[]=cus_01',
  'unexpected=1',
];

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`robustness on ${target.name}`, () => {
    let t: TestApp;
    let routes: string[];
    let threadId: string;
    const snapshot = async () => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const [row] = await t.runtime.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        counts[table] = Number(row!.n);
      }
      return counts;
    };
    beforeAll(async () => {
      t = await startTestApp(target);
      routes = routesOf(t.app);
      threadId = (await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
        .threadId;
    });
    afterAll(async () => t?.dispose());

    /** Calls every route with each variant; collects any 5xx, or error without a problem document. */
    async function walk(
      variants: (route: string) => Array<{ url: string; payload?: string; type?: string; headers?: object }>,
      authorization: string | undefined,
    ): Promise<string[]> {
      const failures: string[] = [];
      for (const route of routes) {
        const method = route.split(' ')[0] as 'GET';
        for (const variant of variants(route)) {
          const response = await t.app.inject({
            method,
            url: variant.url,
            headers: {
              ...(authorization ? { authorization } : {}),
              ...(variant.payload !== undefined
                ? { 'content-type': variant.type ?? 'application/json' }
                : {}),
              ...variant.headers,
            },
            ...(variant.payload !== undefined ? { payload: variant.payload } : {}),
          });
          // MCP endpoints answer in their own protocol (JSON-RPC errors); everything else with problem documents.
          const problem =
            response.statusCode < 400 ||
            String(response.headers['content-type']).includes('problem+json') ||
            (route.includes(' /mcp/') && response.body.includes('"jsonrpc"'));
          if (response.statusCode >= 500 || !problem || response.body.includes('    at ')) {
            failures.push(`${route} ${variant.url}: ${response.statusCode} ${response.body.slice(0, 160)}`);
          }
        }
      }
      return failures;
    }

    const pathWith = (route: string, id: string, server = 'knowledge') =>
      route
        .split(' ')[1]!
        .replace(':server', server)
        .replace(/:threadId|:customerId|:approvalId|:articleId|:keyId/g, id);
    /**
     * Routes that act on the path alone (the people's workspace, an administrator's demo reset): `{}` or no
     * body (null) is a complete call.
     */
    const pathOnly = new Set([
      ...['claim', 'release', 'typing'].map((action) => `POST /v1/conversations/:threadId/${action}`),
      'POST /v1/demo/reset',
    ]);
    const isStream = (route: string) => /\/(events|ws)$/.test(route);
    const hasBody = (route: string) => /^(POST|PUT)/.test(route);

    it('answers malformed bodies, wrong types and huge payloads with 4xx problems and stores nothing', async () => {
      const before = await snapshot();
      for (const role of ['admin', 'customer'] as const) {
        const failures = await walk(
          (route) =>
            hasBody(route)
              ? badBodies
                  .filter((body) => !(pathOnly.has(route) && ['{}', 'null'].includes(body.payload)))
                  .map((body) => ({ url: pathWith(route, threadId), ...body }))
              : [],
          await t.bearer(role),
        );
        expect(failures).toEqual([]);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('answers bad ids and bad query strings with 4xx problems and stores nothing', async () => {
      const before = await snapshot();
      const valid = '{"text": "hello", "customerId": "cus_01"}';
      for (const role of ['admin', 'agent', 'customer'] as const) {
        const failures = await walk(
          (route) => [
            ...(route.includes(':')
              ? badIds.map((id) => ({
                  url: pathWith(route, id),
                  ...(hasBody(route) ? { payload: valid } : {}),
                }))
              : []),
            ...(route.startsWith('GET') && !isStream(route)
              ? badQueries.map((query) => ({ url: `${pathWith(route, 'th_nope')}?${query}` }))
              : []),
            ...(hasBody(route)
              ? [
                  {
                    url: pathWith(route, 'th_nope'),
                    payload: valid,
                    headers: { 'idempotency-key': 'bad key!' },
                  },
                ]
              : []),
          ],
          await t.bearer(role),
        );
        expect(failures).toEqual([]);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses missing, forged, expired and foreign credentials on every guarded route, storing nothing', async () => {
      const before = await snapshot();
      const forged = await new SignJWT({ role: 'admin', tenant: 'demo' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer('frontdesk')
        .setAudience('frontdesk-api')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-desk-secret-not-the-desk-secret'));
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const claims = {
        sub: 'mallory',
        role: 'admin',
        tenant: 'demo',
        iss: 'frontdesk',
        aud: 'frontdesk-api',
      };
      const unsigned = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      const expired = await t.mint({ role: 'admin', sub: 'root', tenant: 'demo' }, -120);
      const foreign = await t.mint({ role: 'admin', sub: 'root', tenant: 'another-tenant' }, 600);
      const admin = await t.bearer('admin');
      const tampered = admin.slice(0, -4) + (admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const credentials: Array<Record<string, string>> = [
        {},
        { authorization: `Bearer ${forged}` },
        { authorization: `Bearer ${unsigned}` },
        { authorization: `Bearer ${expired}` },
        { authorization: `Bearer ${foreign}` },
        { authorization: tampered },
        { authorization: 'Bearer not.a.jwt' },
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
        { authorization: 'Bearer' },
        { 'x-api-key': 'fdk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        { authorization: `ApiKey ${'x'.repeat(5_000)}` },
      ];
      const failures: string[] = [];
      for (const route of routes) {
        const method = route.split(' ')[0] as 'GET';
        // Public: the API's sign-in routes, and everything outside /v1 and /mcp (health, metrics, web pages).
        const path = route.split(' ')[1]!;
        if (!/^\/(v1|mcp)\//.test(path) || path.startsWith('/v1/auth/')) continue;
        for (const headers of credentials) {
          const response = await t.app.inject({
            method,
            url: pathWith(route, route.includes(':threadId') ? threadId : 'cus_01'),
            headers,
            ...(hasBody(route)
              ? { payload: { text: 'hello', customerId: 'cus_01', decision: 'approve' } }
              : {}),
          });
          if (response.statusCode !== 401)
            failures.push(`${route} ${JSON.stringify(headers).slice(0, 60)}: ${response.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });
  });
}
