// The dashboard's routes on a real desk: a conversation's decisions for its timeline, the tenant-wide live
// feed over SSE (recent backlog, then new events, resumable with Last-Event-ID) and the status report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '@frontdesk/contracts';
import { runtimeTargets } from '../testing/runtime.js';
import { startTestApp, type TestApp } from '../testing/http.js';

interface FeedEvent {
  id: string;
  type: string;
  threadId: string;
}

/** Reads the feed's events until `until` holds or the time runs out. */
async function readFeed(url: string, headers: Record<string, string>, until: (e: FeedEvent[]) => boolean) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8_000);
  const events: FeedEvent[] = [];
  let buffer = '';
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)) as FeedEvent);
        if (until(events)) return events;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

const [embedded] = await runtimeTargets();

describe('dashboard routes', () => {
  let t: TestApp;
  let base: string;
  let staff: string;
  let threadId: string;
  beforeAll(async () => {
    t = await startTestApp(embedded!, { streamPollMs: 100 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    staff = await t.bearer('agent');
    threadId = (await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
      .threadId;
  });
  afterAll(async () => t?.dispose());

  it("lists a conversation's agent decisions for its timeline, and hides it from other customers", async () => {
    const response = await t.app.inject({
      url: `/v1/threads/${threadId}/decisions`,
      headers: { authorization: staff },
    });
    const { decisions } = api.threadDecisionsSchema.parse(response.json());
    const steps = decisions.filter((d) => d.kind === 'step');
    expect(steps.map((d) => d.agent)).toEqual(expect.arrayContaining(['supervisor', 'triage', 'solution']));
    // Tool calls come in the same list, marked as such, with what was asked and how it ended.
    const search = decisions.find((d) => d.kind === 'tool_call' && d.toolCall?.tool === 'knowledge.search');
    expect(search).toMatchObject({ agent: 'research', outcome: 'ok', confidence: 1 });
    expect(search!.toolCall!.resultBytes).toBeGreaterThan(0);
    expect(steps.every((d) => d.toolCall === undefined)).toBe(true);
    const customer = await t.bearer('customer', 'cus_02');
    const refused = await t.app.inject({
      url: `/v1/threads/${threadId}/decisions`,
      headers: { authorization: customer },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('streams the recent backlog, then new events as they happen, and resumes after the last id', async () => {
    const token = staff.slice('Bearer '.length);
    const backlog = await readFeed(`${base}/v1/activity/events?access_token=${token}`, {}, (e) =>
      e.some((x) => x.type === 'request.settled'),
    );
    expect(backlog.find((e) => e.type === 'agent.decided')).toMatchObject({ threadId });
    const lastId = backlog.at(-1)!.id;
    const live = readFeed(
      `${base}/v1/activity/events`,
      { authorization: staff, 'last-event-id': lastId },
      (e) => e.some((x) => x.type === 'request.settled'),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await t.runtime.desk.ask({ customerId: 'cus_02', text: 'hello' });
    const events = await live;
    expect(events.every((e) => Number(e.id) > Number(lastId))).toBe(true);
    expect(events.map((e) => e.threadId)).toContain(next.threadId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['request.accepted', 'reply.sent']));
  });

  it('refuses the feed to customers', async () => {
    const customer = await t.bearer('customer');
    const response = await t.app.inject({ url: '/v1/activity/events', headers: { authorization: customer } });
    expect(response.statusCode).toBe(403);
  });

  it('reports the backends, whether they answer, and the model providers', async () => {
    const response = await t.app.inject({ url: '/v1/status', headers: { authorization: staff } });
    expect(response.json()).toMatchObject({
      status: 'ok',
      backends: expect.arrayContaining([
        expect.objectContaining({ name: 'database', kind: 'PGlite (embedded, in-process)', status: 'ok' }),
      ]),
      models: { routes: [], providers: [] },
    });
  });
});
