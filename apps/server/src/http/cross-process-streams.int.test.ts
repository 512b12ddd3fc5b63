// Two processes of one deployment (two runtimes on one PostgreSQL database and one NATS server): a run on
// one reaches a WebSocket on the other live, step by step, and a stream resumes on either with the last id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Runtime } from '../runtime.js';
import { createScratchPostgres, postgresSkipReason } from '../testing/databases.js';
import { deleteStreams, natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { openTestRuntime } from '../testing/runtime.js';
import { buildApp, type App } from './app.js';
import type { AppDeps } from './deps.js';
import { appDepsFromRuntime } from './from-runtime.js';

interface WireEvent {
  id?: string;
  type: string;
  requestId?: string;
}

/** Collects a WebSocket's messages until `until` matches one. */
function readWs(url: string, until: (event: WireEvent) => boolean): Promise<WireEvent[]> {
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
      if (!until(event)) return;
      clearTimeout(timer);
      socket.close();
      resolve(events);
    });
    socket.on('error', reject);
  });
}

const missing = (await postgresSkipReason()) ?? (await natsSkipReason());

describe.skipIf(missing !== undefined)('live progress across API processes (PostgreSQL + NATS)', () => {
  const prefix = randomEventsPrefix('streams');
  let drop: () => Promise<void>;
  const processes: Array<{
    runtime: Runtime;
    app: App;
    base: string;
    tokens: AppDeps['security']['tokens'];
    close(): Promise<void>;
  }> = [];

  beforeAll(async () => {
    const scratch = await createScratchPostgres();
    drop = () => scratch.drop();
    for (let i = 0; i < 2; i += 1) {
      const runtime = await openTestRuntime(
        { env: { DATABASE_URL: scratch.url }, dispose: () => Promise.resolve() },
        { NATS_URL: testNatsUrl, FRONTDESK_EVENTS_PREFIX: prefix },
        // The first process runs the graph; the second only serves streams, as `frontdesk serve` does.
        { work: i === 0 },
      );
      // The outbox poll is slowed right down: events must arrive because the other process said so.
      const built = appDepsFromRuntime(runtime, { streamPollMs: 600_000, heartbeatMs: 60_000 });
      const app = buildApp(built.deps);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      processes.push({
        runtime,
        app,
        base,
        tokens: built.deps.security.tokens,
        close: async () => {
          await app.close();
          await built.close();
          await runtime.close();
        },
      });
    }
  }, 120_000);

  afterAll(async () => {
    for (const each of processes) await each.close();
    await drop?.();
    await deleteStreams(prefix);
  });

  it('streams a run in one process to a WebSocket on the other, and resumes there by event id', async () => {
    const [worker, api] = processes as [(typeof processes)[0], (typeof processes)[0]];
    const first = await worker.runtime.desk.ask({
      customerId: 'cus_01',
      text: 'How do I reset my password?',
    });
    // A staff token: the team's stream carries reply drafts (reply.delta) as they are written.
    const tokenOf = async (process: (typeof processes)[0]) =>
      (await process.tokens.mint({ role: 'agent', sub: 'sam', tenant: process.runtime.config.tenantId }))
        .token;
    const url = (process: (typeof processes)[0], token: string) =>
      `${process.base}/v1/conversations/${first.threadId}/ws?access_token=${token}`;
    const apiUrl = url(api, await tokenOf(api));
    const history = await readWs(apiUrl, (event) => event.type === 'request.settled');
    const lastId = history.filter((event) => event.id).at(-1)!.id!;

    const live = readWs(`${apiUrl}&lastEventId=${lastId}`, (event) => event.type === 'request.settled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await worker.runtime.desk.ask({
      customerId: 'cus_01',
      text: 'Thanks, and my password?',
      threadId: first.threadId,
    });
    expect(second.status).toBe('delivered');
    const events = await live;
    const types = events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['node.started', 'node.finished', 'reply.delta', 'request.settled']),
    );
    expect(events.every((event) => !event.id || Number(event.id) > Number(lastId))).toBe(true);

    // Reconnecting to the other process with an id from the middle gives exactly what followed it.
    const durable = events.filter((event) => event.id);
    const midway = durable[1]!.id!;
    const resumed = await readWs(
      `${url(worker, await tokenOf(worker))}&lastEventId=${midway}`,
      (event) => event.type === 'request.settled',
    );
    expect(resumed.filter((event) => event.id).map((event) => event.id)).toEqual(
      durable.filter((event) => Number(event.id) > Number(midway)).map((event) => event.id),
    );
  }, 90_000);

  it('runs a replay asked of the API process on the worker, and answers the caller with its outcome', async () => {
    const [worker, api] = processes as [(typeof processes)[0], (typeof processes)[0]];
    const original = await worker.runtime.desk.ask({
      customerId: 'cus_02',
      text: 'How long does shipping take?',
    });
    const history = await api.runtime.desk.history(original.threadId);
    const beforeDelivery = history.find((checkpoint) => checkpoint.next.includes('deliver'))!;
    const ranOn = { api: 0, worker: 0 };
    const stops = [
      api.runtime.desk.onProgress((p) => void (p.type === 'run.started' && (ranOn.api += 1))),
      worker.runtime.desk.onProgress((p) => void (p.type === 'run.started' && (ranOn.worker += 1))),
    ];
    try {
      const replayed = await api.runtime.desk.replay(original.threadId, beforeDelivery.checkpointId);
      expect(replayed).toMatchObject({ threadId: original.threadId, status: original.status });
      // The API process ran no graph: the worker did, and the caller heard its outcome.
      expect(ranOn).toEqual({ api: 0, worker: 1 });
      expect((await api.runtime.desk.history(original.threadId)).length).toBeGreaterThan(history.length);
    } finally {
      for (const stop of stops) stop();
    }
  }, 90_000);
});
