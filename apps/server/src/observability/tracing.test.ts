// The tracing helpers and the log lines' trace ids: free no-ops until an SDK is installed, then spans that
// nest, a context that survives a trip through a task payload, and logs that name the active trace.
import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { contextFrom, inSpan, traceCarrier } from './tracing.js';

/** A logger writing JSON lines into an array. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('tracing when no collector is configured', () => {
  it('runs the work, carries no context and writes no trace id', async () => {
    const { logger, lines } = capturedLogger();
    const result = await inSpan('graph.node triage', {}, () => {
      logger.info('inside');
      return Promise.resolve(traceCarrier());
    });
    expect(result).toBeUndefined();
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});

describe('tracing with an SDK installed', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('nests spans, marks failures, and logs the active trace id on every line', async () => {
    const { logger, lines } = capturedLogger();
    await inSpan('graph.run process', {}, async () => {
      logger.info('run started');
      await inSpan('graph.node triage', {}, () => Promise.resolve(logger.info('triage')));
      await expect(
        inSpan('execute_tool search', {}, () => Promise.reject(new Error('tool down'))),
      ).rejects.toThrow('tool down');
    });
    const spans = exporter.getFinishedSpans();
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    const run = byName['graph.run process']!;
    expect(byName['graph.node triage']!.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(byName['execute_tool search']!.status.code).toBe(2); // ERROR
    expect(lines[0]).toMatchObject({
      trace_id: run.spanContext().traceId,
      span_id: run.spanContext().spanId,
    });
    expect(lines[1]).toMatchObject({
      trace_id: run.spanContext().traceId,
      span_id: byName['graph.node triage']!.spanContext().spanId,
    });
  });

  it('continues a trace from a carried context, and starts afresh from a malformed one', async () => {
    exporter.reset();
    const carrier = await inSpan('POST /v1/conversations', {}, () => Promise.resolve(traceCarrier()));
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await inSpan('graph.run process', { parent: contextFrom(carrier) }, () => Promise.resolve());
    await inSpan('graph.run process', { parent: contextFrom({ traceparent: 42 }) }, () => Promise.resolve());
    const [request, continued, fresh] = exporter.getFinishedSpans();
    expect(continued!.spanContext().traceId).toBe(request!.spanContext().traceId);
    expect(continued!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    expect(fresh!.spanContext().traceId).not.toBe(request!.spanContext().traceId);
  });
});
