// The API end to end on both databases: posting returns at once and the run finishes in the background,
// streams over SSE and a real WebSocket client (with resume from the last event id), approvals answered over
// HTTP, idempotency keys, double texting and customer isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { api } from '@frontdesk/contracts';
import { runtimeTargets } from '../testing/runtime.js';
import { eventually, startTestApp, type TestApp } from '../testing/http.js';

interface WireEvent {
  id?: string;
  type: string;
  threadId: string;
  data: Record<string, unknown>;
}

/** Reads SSE events until `until` matches one, or the time runs out. */
async function readSse(
  url: string,
  headers: Record<string, string>,
  until: (e: WireEvent) => boolean,
  timeoutMs = 45_000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: WireEvent[] = [];
  const comments: string[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) comments.push(block);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as WireEvent;
        events.push(event);
        if (until(event)) return { status: response.status, events, comments };
      }
    }
  } catch (error) {
    // The client giving up (the timeout) ends the read with what arrived so far.
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, events, comments };
}

/** Opens a WebSocket and collects messages until `until` matches one. */
// Generous bounds: they wait for events, they do not measure speed (a busy CI machine is slow).
function readWs(url: string, until: (e: WireEvent) => boolean): Promise<WireEvent[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const events: WireEvent[] = [];
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`timed out with ${events.map((e) => e.type).join(', ')}`));
    }, 45_000);
    socket.on('message', (raw: Buffer) => {
      const event = JSON.parse(raw.toString()) as WireEvent;
      events.push(event);
      if (until(event)) {
        clearTimeout(timer);
        socket.close();
        resolve(events);
      }
    });
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    socket.on('error', reject);
  });
}

const settled = (e: WireEvent) => e.type === 'request.settled';

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`API on ${target.name}`, () => {
    let t: TestApp;
    let base: string;
    let customer: string;
    beforeAll(async () => {
      t = await startTestApp(target, { heartbeatMs: 100, streamPollMs: 100 });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      customer = await t.bearer('customer', 'cus_01');
    });
    afterAll(async () => t?.dispose());

    const post = async (url: string, payload: unknown, authorization = customer, headers = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        headers: { authorization, ...headers },
      });
    const get = async (url: string, authorization = customer) =>
      t.app.inject({ url, headers: { authorization } });
    const conversationSettles = (threadId: string, status = 'delivered') =>
      eventually(async () => {
        const body = (await get(`/v1/conversations/${threadId}`)).json<{
          status: string;
          messages: unknown[];
        }>();
        return body.status === status ? body : undefined;
      });

    it('accepts a message at once and finishes the run in the background', async () => {
      const response = await post('/v1/conversations', { text: 'How do I reset my password?' });
      expect(response.statusCode).toBe(202);
      const accepted = response.json<{
        threadId: string;
        requestId: string;
        runStatus: string;
        links: object;
      }>();
      expect(accepted).toMatchObject({
        runStatus: 'running',
        links: { events: expect.stringContaining('/events') },
      });
      const conversation = await conversationSettles(accepted.threadId);
      expect(conversation.messages).toHaveLength(2);
      expect(conversation).toMatchObject({ customerId: 'cus_01', requests: [{ runStatus: 'done' }] });
    });

    it('streams a conversation over SSE with ids, heartbeats, and resumes after the last id', async () => {
      const { threadId } = (await post('/v1/conversations', { text: 'How do I reset my password?' })).json<{
        threadId: string;
      }>();
      const first = await readSse(
        `${base}/v1/conversations/${threadId}/events`,
        { authorization: customer },
        settled,
      );
      expect(first.status).toBe(200);
      const durable = first.events.filter((e) => e.id);
      expect(durable.map((e) => e.type)).toEqual(
        expect.arrayContaining(['request.accepted', 'agent.decided', 'reply.sent', 'request.settled']),
      );
      const ids = durable.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const cut = durable[1]!.id!;
      const resumed = await readSse(
        `${base}/v1/conversations/${threadId}/events`,
        { authorization: customer, 'last-event-id': cut },
        settled,
      );
      expect(resumed.events.filter((e) => e.id).map((e) => e.id)).toEqual(durable.slice(2).map((e) => e.id));
      const quiet = await readSse(
        `${base}/v1/conversations/${threadId}/events?access_token=${customer.slice(7)}&lastEventId=${durable.at(-1)!.id}`,
        {},
        () => false,
        400,
      );
      // Nothing new after the last id, only heartbeats until the client gives up.
      expect(quiet.events.filter((e) => e.id)).toEqual([]);
      expect(quiet.comments.some((c) => c.startsWith(': heartbeat'))).toBe(true);
    }, 30_000);

    it('streams live progress over a WebSocket and resumes from the last event id after a reconnect', async () => {
      const { threadId } = (await post('/v1/conversations', { text: 'How do I reset my password?' })).json<{
        threadId: string;
      }>();
      await conversationSettles(threadId);
      const token = customer.slice('Bearer '.length);
      const url = `${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws?access_token=${token}`;
      const history = await readWs(url, settled);
      const lastId = history.filter((e) => e.id).at(-1)!.id!;
      // Connected and caught up; the next message is streamed live, node by node.
      const live = readWs(`${url}&lastEventId=${lastId}`, settled);
      const agentToken = (await t.bearer('agent')).slice('Bearer '.length);
      const staffUrl = `${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws?access_token=${agentToken}`;
      const staff = readWs(`${staffUrl}&lastEventId=${lastId}`, settled);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(
        (await post(`/v1/conversations/${threadId}/messages`, { text: 'Thanks, and my password?' }))
          .statusCode,
      ).toBe(202);
      const events = await live;
      expect(events.every((e) => !e.id || Number(e.id) > Number(lastId))).toBe(true);
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'request.accepted',
          'node.started',
          'node.finished',
          'reply.sent',
          'request.settled',
        ]),
      );
      // Drafts stream to the support team as they are written, ahead of the delivered reply; a customer
      // never sees a draft that quality or a person might still change.
      expect(events.map((e) => e.type)).not.toContain('reply.delta');
      // The tools the agents called (which systems, with what) are the team's to see, not the customer's.
      expect(events.map((e) => e.type)).not.toContain('agent.tool_called');
      const staffTypes = (await staff).map((e) => e.type);
      expect(staffTypes).toContain('reply.delta');
      expect(staffTypes).toContain('agent.tool_called');
      expect(staffTypes.indexOf('reply.delta')).toBeLessThan(staffTypes.indexOf('reply.sent'));
      const midway = events.filter((e) => e.id)[1]!.id!;
      const replayed = await readWs(`${url}&lastEventId=${midway}`, settled);
      expect(replayed.map((e) => e.id)).toEqual(
        events.filter((e) => e.id && Number(e.id) > Number(midway)).map((e) => e.id),
      );
      await expect(
        readWs(`${base.replace('http', 'ws')}/v1/conversations/${threadId}/ws`, settled),
      ).rejects.toThrow('HTTP 401');
    }, 30_000);

    it('pauses a refund for an approver, who answers over HTTP; the agent role may not', async () => {
      const { threadId } = (
        await post('/v1/conversations', { text: 'My espresso machine arrived damaged, I need a refund' })
      ).json<{
        threadId: string;
      }>();
      // The refund is stated with its item and amount; the customer's yes sends it to an approver.
      await conversationSettles(threadId);
      await post(`/v1/conversations/${threadId}/messages`, { text: 'Yes please' });
      await conversationSettles(threadId, 'awaiting_approval');
      const agent = await t.bearer('agent');
      const list = (await get('/v1/approvals?role=approver&kind=review', agent)).json<{
        approvals: Array<{ id: string; threadId: string }>;
      }>();
      const approval = list.approvals.find((a) => a.threadId === threadId)!;
      expect(approval).toBeDefined();
      const detail = (await get(`/v1/approvals/${approval.id}`, agent)).json<Record<string, unknown>>();
      expect(detail).toMatchObject({ proposedAction: { kind: 'refund' }, customer: { id: 'cus_01' } });
      expect((detail.decisions as unknown[]).length).toBeGreaterThan(3);
      const refused = await post(`/v1/approvals/${approval.id}/answer`, { decision: 'approve' }, agent);
      expect(refused.json()).toMatchObject({ status: 403, code: 'APPROVAL_ROLE_NOT_ALLOWED' });
      // Double texting: the thread waits for a person, so a new message is queued behind it.
      const queued = await post(`/v1/conversations/${threadId}/messages`, { text: 'Thank you so much!' });
      expect(queued.json()).toMatchObject({ runStatus: 'queued' });
      const approver = await t.bearer('approver', 'ana');
      const answered = await post(`/v1/approvals/${approval.id}/answer`, { decision: 'approve' }, approver);
      expect(answered.statusCode).toBe(202);
      expect(answered.json()).toMatchObject({ threadId, runStatus: 'running' });
      const done = await eventually(async () => {
        const c = (await get(`/v1/conversations/${threadId}`)).json<{
          requests: Array<{ runStatus: string }>;
        }>();
        return c.requests.every((r) => r.runStatus === 'done') ? c : undefined;
      });
      expect(done.requests).toHaveLength(3);
      expect(await t.runtime.stores.actions.count('demo', 'refund', threadId)).toBe(1);
      const again = await post(`/v1/approvals/${approval.id}/answer`, { decision: 'approve' }, approver);
      expect(again.json()).toMatchObject({ code: 'APPROVAL_ALREADY_ANSWERED' });
    }, 30_000);

    it('supersedes a waiting request when the tenant interrupts on double texting, and refuses under reject', async () => {
      const admin = await t.bearer('admin');
      const put = (policy: string) =>
        t.app.inject({
          method: 'PUT',
          url: '/v1/settings',
          payload: { doubleTexting: policy },
          headers: { authorization: admin },
        });
      // A customer of its own, so earlier refunds in this suite do not change what the desk proposes (and not
      // a VIP, whose every reply a person checks first).
      const c10 = await t.bearer('customer', 'cus_10');
      const { threadId } = (
        await post(
          '/v1/conversations',
          { text: 'The tent from order ord_1020 arrived torn, I need a refund' },
          c10,
        )
      ).json<{ threadId: string }>();
      // The desk states the refund (that item, that amount), or a person checks that statement first (a VIP);
      // once stated, the customer's yes sends the refund to an approver.
      const first = await eventually(async () => {
        const c = (await get(`/v1/conversations/${threadId}`, c10)).json<{ status: string }>();
        return c.status === 'delivered' || c.status === 'awaiting_approval' ? c : undefined;
      });
      if (first.status === 'delivered')
        await post(`/v1/conversations/${threadId}/messages`, { text: 'Yes please' }, c10);
      const asked = first.status === 'delivered' ? 3 : 2;
      await eventually(async () => {
        const c = (await get(`/v1/conversations/${threadId}`, c10)).json<{ status: string }>();
        return c.status === 'awaiting_approval' ? c : undefined;
      });
      const waiting = await t.runtime.stores.approvals.pendingOnConversation('demo', threadId);
      try {
        expect((await put('reject')).json()).toEqual({ doubleTexting: 'reject' });
        const refused = await post(`/v1/conversations/${threadId}/messages`, { text: 'Thanks!' }, c10);
        expect(refused.json()).toMatchObject({ status: 409, code: 'THREAD_BUSY' });
        await put('interrupt');
        const accepted = await post(
          `/v1/conversations/${threadId}/messages`,
          { text: 'Thank you so much!' },
          c10,
        );
        expect(accepted.json()).toMatchObject({ runStatus: 'running' });
        const done = await eventually(async () => {
          const c = (await get(`/v1/conversations/${threadId}`, c10)).json<{
            requests: Array<{ runStatus: string }>;
          }>();
          return c.requests.every((r) => r.runStatus === 'done') ? c : undefined;
        });
        expect(done.requests).toHaveLength(asked);
        expect((await t.runtime.stores.approvals.get('demo', waiting!.id))?.status).toBe('expired');
        expect(await t.runtime.stores.actions.count('demo', 'refund', threadId)).toBe(0);
      } finally {
        await put('queue');
      }
    }, 30_000);

    it('returns the first response to a retried POST and performs it once', async () => {
      const headers = { 'idempotency-key': `k-${target.name}-${Date.now()}` };
      const first = await post(
        '/v1/conversations',
        { text: 'How do I reset my password?' },
        customer,
        headers,
      );
      const retry = await post(
        '/v1/conversations',
        { text: 'How do I reset my password?' },
        customer,
        headers,
      );
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      const rows = await t.runtime.db.query<{ n: string }>(
        'SELECT count(*) AS n FROM requests WHERE conversation_id = $1',
        [first.json<{ threadId: string }>().threadId],
      );
      expect(Number(rows[0]!.n)).toBe(1);
      const other = await post('/v1/conversations', { text: 'Something else' }, customer, headers);
      expect(other.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it("hides one customer's conversations from another, and scopes lists to the caller", async () => {
      const { threadId } = (await post('/v1/conversations', { text: 'hello' })).json<{ threadId: string }>();
      const other = await t.bearer('customer', 'cus_02');
      expect((await get(`/v1/conversations/${threadId}`, other)).json()).toMatchObject({
        code: 'THREAD_NOT_FOUND',
      });
      expect((await post(`/v1/conversations/${threadId}/messages`, { text: 'hi' }, other)).statusCode).toBe(
        404,
      );
      expect((await get('/v1/customers/cus_01/orders', other)).json()).toMatchObject({
        code: 'CUSTOMER_NOT_FOUND',
      });
      const mine = (await get('/v1/conversations?customerId=cus_01', other)).json();
      expect(mine).toMatchObject({ code: 'FORBIDDEN' });
      const own = (await get('/v1/conversations', other)).json<{
        conversations: Array<{ customerId: string }>;
      }>();
      expect(own.conversations.every((c) => c.customerId === 'cus_02')).toBe(true);
    });

    it('reports analytics over a time range, including CSAT', async () => {
      const { threadId } = (await post('/v1/conversations', { text: 'How do I reset my password?' })).json<{
        threadId: string;
      }>();
      await conversationSettles(threadId);
      expect((await post(`/v1/conversations/${threadId}/rating`, { score: 4 })).statusCode).toBe(200);
      const admin = await t.bearer('admin');
      const analytics = (await get('/v1/analytics', admin)).json<api.Analytics>();
      expect(analytics.volumes.requests).toBeGreaterThan(3);
      expect(analytics.automatedResolutionRate).toBeGreaterThan(0);
      expect(analytics.handoff.reasons).not.toEqual({});
      expect(analytics.latencyMsByAgent.triage?.count).toBeGreaterThan(0);
      expect(analytics.csat).toEqual({ responses: 1, average: 4 });
      const past = (
        await get('/v1/analytics?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z', admin)
      ).json();
      expect(past).toMatchObject({ volumes: { requests: 0 }, csat: { responses: 0, average: null } });
    });
  });
}
