// Credentials in URLs: the query string carries them only on stream routes (matched by route, not by the
// URL's text), stream tickets open streams and nothing else, and no credential — query token, ticket, API
// key, Authorization or cookie — ever reaches the log. One database is enough (PostgreSQL when present).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../logger.js';
import { runtimeTargets } from '../testing/runtime.js';
import { buildApp, type App } from './app.js';
import { startTestApp, type TestApp } from '../testing/http.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;

/** Status of a stream opened over real HTTP; the body is left unread and the connection dropped. */
async function openSse(url: string, headers: Record<string, string> = {}): Promise<number> {
  const controller = new AbortController();
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    return response.status;
  } finally {
    controller.abort();
  }
}

/** Whether a WebSocket upgrade is accepted (it is then closed at once). */
function openWs(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', reject);
  });
}

describe(`stream credentials on ${target.name}`, () => {
  let t: TestApp;
  let app: App;
  let base: string;
  let threadId: string;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(target, { heartbeatMs: 100, streamPollMs: 100 });
    // The same app over a logger whose every line is kept, at info like a production desk.
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    app = buildApp({ ...t.deps, logger: createLogger('info', capture) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    threadId = (await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
      .threadId;
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const ticketFor = async (authorization: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/stream-tickets',
      headers: { authorization },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ ticket: string; expiresAt: string }>();
  };

  it('accepts a query token only on stream routes, whatever else the URL says', async () => {
    const token = (await t.bearer('customer')).slice('Bearer '.length);
    for (const url of [
      `/v1/me?access_token=${token}&x=/ws`,
      `/v1/me?x=/events&access_token=${token}`,
      `/v1/conversations/${threadId}?access_token=${token}&y=/events`,
      `/v1/me?ticket=${(await ticketFor(`Bearer ${token}`)).ticket}`,
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(401);
    }
    expect(await openSse(`${base}/v1/conversations/${threadId}/events?access_token=${token}`)).toBe(200);
  });

  it('opens SSE and WebSocket streams with a one-minute ticket that works nowhere else', async () => {
    const customer = await t.bearer('customer');
    const { ticket, expiresAt } = await ticketFor(customer);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(30_000);
    expect(lifetime).toBeLessThanOrEqual(61_000);
    expect(await openSse(`${base}/v1/conversations/${threadId}/events?ticket=${ticket}`)).toBe(200);
    expect(
      await openWs(`${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws?ticket=${ticket}`),
    ).toBe(101);
    // Not a bearer token, and not a way into another customer's conversation.
    const asBearer = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${ticket}` } });
    expect(asBearer.statusCode).toBe(401);
    const other = (await ticketFor(await t.bearer('customer', 'cus_02'))).ticket;
    expect(await openSse(`${base}/v1/conversations/${threadId}/events?ticket=${other}`)).toBe(404);
    // A forged ticket is refused before any stream starts.
    expect(
      await openSse(`${base}/v1/conversations/${threadId}/events?ticket=${ticket.slice(0, -4)}AAAA`),
    ).toBe(401);
    // The team's activity feed takes tickets too, by role.
    const agentTicket = (await ticketFor(await t.bearer('agent'))).ticket;
    expect(await openSse(`${base}/v1/activity/events?ticket=${agentTicket}`)).toBe(200);
    expect(await openSse(`${base}/v1/activity/events?ticket=${ticket}`)).toBe(403);
  });

  it('writes no credential to the log: query tokens, tickets, API keys, Authorization, cookies', async () => {
    const admin = await t.bearer('admin');
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { authorization: admin },
      payload: { name: 'log test', role: 'agent', subject: 'log-bot' },
    });
    expect(created.statusCode).toBe(201);
    const apiKey = created.json<{ key: string }>().key;
    const token = (await t.bearer('customer')).slice('Bearer '.length);
    const { ticket } = await ticketFor(`Bearer ${token}`);
    const secrets = [apiKey, token, ticket, admin.slice('Bearer '.length), 'cookie-secret-42'];

    await openSse(`${base}/v1/conversations/${threadId}/events?access_token=${token}&lastEventId=1`);
    await openSse(`${base}/v1/conversations/${threadId}/events?ticket=${ticket}`);
    await openWs(`${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws?ticket=${ticket}`);
    await openSse(`${base}/v1/me?access_token=${token}&api_key=${apiKey}`);
    await openSse(`${base}/v1/me`, { 'x-api-key': apiKey, cookie: 'session=cookie-secret-42' });
    await openSse(`${base}/v1/me`, { authorization: `ApiKey ${apiKey}` });
    await openSse(`${base}/v1/no-such-route?token=${token}`, { authorization: admin });
    const notFound = await app.inject({ url: `/v1/nothing?access_token=${token}` });
    expect(notFound.body).not.toContain(token);
    // The stream URLs were logged, with the credential masked.
    const log = lines.join('');
    expect(log).toContain('/events?access_token=[redacted]&lastEventId=1');
    expect(log).toContain('/events?ticket=[redacted]');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
