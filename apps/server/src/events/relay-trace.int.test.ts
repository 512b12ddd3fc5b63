// The outbox keeps the trace of the transaction that wrote an event, and the relay publishes the event under
// it: one trace from the customer's request through JetStream to the consumer, not one per relay pass.
import { randomUUID } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { inSpan, SpanKind } from '../observability/tracing.js';
import { OutboxRepository } from '../store/outbox.js';
import { openTestPostgres, postgresSkipReason, type TestDatabase } from '../testing/databases.js';
import { deleteStreams, natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { makeEvent } from './envelope.js';
import { JetStreamEventBus } from './jetstream.js';
import { OutboxRelay } from './relay.js';

const missing = (await postgresSkipReason()) ?? (await natsSkipReason());

describe.skipIf(missing !== undefined)('trace context through the outbox', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  const prefix = randomEventsPrefix('trace');
  let database: TestDatabase;
  let bus: JetStreamEventBus;

  beforeAll(async () => {
    provider.register();
    database = await openTestPostgres();
    bus = await JetStreamEventBus.open({ servers: testNatsUrl, prefix, logger: createLogger('silent') });
  });

  afterAll(async () => {
    await bus?.close();
    await deleteStreams(prefix);
    await database?.dispose();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it("relays an event under the trace of the request that wrote it, to the consumer's span", async () => {
    const outbox = new OutboxRepository(database.db);
    const event = makeEvent(
      { tenantId: 'demo', requestId: `req-${randomUUID()}` },
      'customer.requests',
      'request.accepted',
      {},
    );
    const request = await inSpan('POST /v1/messages', { kind: SpanKind.SERVER }, async (span) => {
      await outbox.append(event);
      return span.spanContext();
    });
    const stored = (await outbox.pending(1000)).find((entry) => entry.event.id === event.id);
    expect(stored?.trace?.traceparent).toContain(request.traceId);

    let consumed: { traceId: string | undefined } | undefined;
    const member = await bus.consume('trace-test', 'customer.requests', (received) => {
      if (received.id === event.id) consumed = { traceId: trace.getActiveSpan()?.spanContext().traceId };
    });
    // The relay's pass runs outside any request, as its polling loop does.
    expect(trace.getActiveSpan()).toBeUndefined();
    await new OutboxRelay(outbox, bus, createLogger('silent')).flush();
    const until = Date.now() + 10_000;
    while (!consumed && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    await member.stop();

    expect(consumed).toEqual({ traceId: request.traceId });
    const publish = exporter.getFinishedSpans().find((span) => span.name === 'customer.requests publish');
    expect(publish?.spanContext().traceId).toBe(request.traceId);
    expect(publish?.parentSpanContext?.spanId).toBe(request.spanId);
  }, 30_000);
});
