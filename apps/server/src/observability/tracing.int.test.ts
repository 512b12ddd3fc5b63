// Tracing end to end, on real `frontdesk start` processes: a customer's message is one connected trace from
// the HTTP request through the task queue (its context carried in the task payload) to the worker's graph
// run, with each graph node, tool call and model call a span beneath it; and a desk whose collector is gone
// answers its customers as usual, counting the spans it drops.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontdeskBin, withoutBrokers } from '../testing/cli.js';
import { ReplayModelServer } from '../testing/replay-server.js';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

/**
 * A test OTLP receiver: a small HTTP server in this suite standing in for an OpenTelemetry collector. It
 * takes OTLP/HTTP JSON on /v1/traces and keeps every span it was sent.
 */
class TestOtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') this.keep(JSON.parse(body) as OtlpTraces);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private keep(traces: OtlpTraces): void {
    for (const resource of traces.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            attributes: Object.fromEntries(
              (span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
            ),
          });
  }
}

interface OtlpTraces {
  resourceSpans?: Array<{
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: Array<{ key: string; value: Record<string, unknown> }>;
      }>;
    }>;
  }>;
}

/** A `frontdesk start` on its own embedded data; resolves with its URL once it listens. */
async function startDesk(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-tracing-'));
  const noteFile = join(dataDir, 'desk.json');
  const desk: ChildProcess = spawn(process.execPath, [frontdeskBin, 'start'], {
    env: {
      ...withoutBrokers(process.env),
      FRONTDESK_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  desk.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let waited = 0; !existsSync(noteFile); waited += 100) {
    if (waited > 200_000 || desk.exitCode !== null) throw new Error(`the desk did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = (JSON.parse(readFileSync(noteFile, 'utf8')) as { url: string }).url;
  return {
    url,
    logs: () => stderr,
    /** SIGTERM: the desk finishes its work and exports what it still holds before it exits. */
    stop: async () => {
      if (desk.exitCode === null) {
        desk.kill('SIGTERM');
        await once(desk, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Desk = Awaited<ReturnType<typeof startDesk>>;

/** A customer's first message, through the API; resolves once the desk has delivered its answer. */
async function converse(desk: Desk, text: string) {
  const signIn = await fetch(`${desk.url}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', sub: 'cus_01' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const posted = await fetch(`${desk.url}/v1/conversations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ text }),
  });
  expect(posted.status).toBe(202);
  const accepted = (await posted.json()) as { threadId: string; requestId: string };
  for (let waited = 0; waited < 60_000; waited += 200) {
    const thread = (await (
      await fetch(`${desk.url}/v1/conversations/${accepted.threadId}`, { headers })
    ).json()) as { requests?: Array<{ id: string; runStatus: string }> };
    const status = thread.requests?.find((request) => request.id === accepted.requestId)?.runStatus;
    if (status === 'done') return accepted;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the request was not delivered:\n${desk.logs()}`);
}

describe('tracing with OpenTelemetry', () => {
  const receiver = new TestOtlpReceiver();
  const models = new ReplayModelServer();
  let traced: Desk;
  let untraceable: Desk;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    await models.start();
    // Nothing listens on the second endpoint: the port was taken and given back.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    [traced, untraceable] = await Promise.all([
      startDesk({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        FRONTDESK_MODELS: 'triage=openai:cheap',
        OPENAI_BASE_URL: `${models.url}/v1`,
        OPENAI_API_KEY: 'test-key',
        FRONTDESK_MODEL_PRICES: 'cheap=1/2',
      }),
      startDesk({ OTEL_EXPORTER_OTLP_ENDPOINT: nowhere, OTEL_BSP_MAX_QUEUE_SIZE: '8' }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([traced?.stop(), untraceable?.stop()]);
    await receiver.close();
    await models.close();
  });

  it('follows one message from the API through the queue to the worker, its nodes, tools and model', async () => {
    models.enqueue('cheap', {
      text: '{"intent":"password_reset","category":"passwords","sentiment":"neutral","language":"en","urgencySignals":[],"confidence":0.97,"unresolvedFollowUp":false}',
      inputTokens: 500,
      outputTokens: 40,
    });
    const { requestId } = await converse(traced, 'How do I reset my password?');
    await traced.stop();

    const run = receiver.spans.find(
      (span) => span.name === 'graph.run process' && span.attributes['frontdesk.request_id'] === requestId,
    );
    expect(run, 'the graph run has a span').toBeDefined();
    const trace = receiver.spans.filter((span) => span.traceId === run!.traceId);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const parent = byId.get(span.parentSpanId);
      return parent ? [parent, ...ancestors(parent)] : [];
    };
    // The run's ancestors are the API request: the route's Fastify span and the HTTP server span at the root.
    const root = ancestors(run!).at(-1)!;
    expect(root.parentSpanId).toBe('');
    expect(root.name).toMatch(/^POST/);
    expect(root.attributes['http.route'] ?? root.attributes['url.path'] ?? root.name).toMatch(
      /\/v1\/conversations/,
    );
    // Every span of the trace hangs off that one root: nothing is orphaned on the way.
    for (const span of trace) expect([span, ...ancestors(span)].at(-1)).toBe(root);

    // Each graph node is a span under the run; tools and the model are called from inside the nodes.
    const nodes = trace.filter((span) => span.name.startsWith('graph.node '));
    expect(nodes.map((span) => span.name)).toEqual(
      expect.arrayContaining(['graph.node supervisor', 'graph.node triage', 'graph.node deliver']),
    );
    for (const node of nodes) expect(ancestors(node)).toContain(run);
    const tools = trace.filter((span) => span.name.startsWith('execute_tool '));
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(ancestors(tool)[0]?.name).toMatch(/^graph\.node /);
    const model = trace.find((span) => span.name === 'chat cheap');
    expect(ancestors(model!)[0]?.name).toBe('graph.node triage');
    expect(model!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'cheap',
      'gen_ai.usage.input_tokens': 500,
      'gen_ai.usage.output_tokens': 40,
      'frontdesk.model.cost_usd': (500 * 1 + 40 * 2) / 1e6,
    });
    // The instrumented drivers add their own spans to the same trace.
    expect(
      trace.some((span) => span.attributes['db.system'] === 'postgresql' || span.name.startsWith('pg.')),
    ).toBe(true);
  }, 120_000);

  it('answers customers as usual when the collector is unreachable, and counts the spans it drops', async () => {
    await converse(untraceable, 'How do I reset my password?');
    await converse(untraceable, 'Where is my order?');
    // Exports fail in the background; give them a moment to be counted.
    let dropped = 0;
    for (let waited = 0; waited < 20_000 && dropped === 0; waited += 250) {
      const metrics = await (await fetch(`${untraceable.url}/metrics`)).text();
      dropped = [...metrics.matchAll(/^frontdesk_trace_spans_dropped_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      if (dropped === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(dropped).toBeGreaterThan(0);
    const metrics = await (await fetch(`${untraceable.url}/metrics`)).text();
    expect(metrics).not.toMatch(/^frontdesk_trace_spans_exported_total [1-9]/m);
  }, 120_000);
});
