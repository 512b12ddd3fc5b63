// Installs the OpenTelemetry Node SDK for a desk process when an OTLP endpoint is configured: HTTP, Fastify,
// pg and ioredis instrumented, spans exported as OTLP/HTTP JSON. Export happens off the request path through
// a bounded queue; when the collector is slow or gone, spans are dropped and counted
// (`frontdesk_trace_spans_dropped_total`), and a customer request never waits for it.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Context } from '@opentelemetry/api';
import { observeSpansDropped, observeSpansExported } from './meter.js';

export interface TracingOptions {
  /** The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  serviceName: string;
  /** Spans held for export at most; beyond it new spans are dropped (and counted). */
  maxQueueSize: number;
  /** How long one export may take before it counts as failed. */
  exportTimeoutMs: number;
}

export interface Tracing {
  /** Exports what is queued (within the export timeout) and stops tracing. Idempotent. */
  shutdown(): Promise<void>;
}

/** Probes and scrapes are not customer work: they would bury the traces that matter. */
const unTracedPaths = /^\/(health|metrics|healthz)(\/|\?|$)/;

export function startTracing(options: TracingOptions): Tracing {
  const exporter = new SettlingExporter(
    new OTLPTraceExporter({
      url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`,
      timeoutMillis: options.exportTimeoutMs,
    }),
  );
  const processor = new BoundedSpanProcessor(
    new BatchSpanProcessor(exporter, {
      maxQueueSize: options.maxQueueSize,
      maxExportBatchSize: Math.min(512, options.maxQueueSize),
      scheduledDelayMillis: 500,
      exportTimeoutMillis: options.exportTimeoutMs,
    }),
    options.maxQueueSize,
  );
  exporter.onSettled = (count, exported) => processor.settled(count, exported);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    autoDetectResources: false,
    spanProcessors: [processor],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => unTracedPaths.test(request.url ?? ''),
      }),
      // Registers itself on every Fastify instance as it is created (Fastify's initialization channel).
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  return { shutdown: () => (stopping ??= sdk.shutdown().catch(() => undefined)) };
}

/** Reports how each export ended, so the bounded processor knows how many spans are still held. */
class SettlingExporter implements SpanExporter {
  onSettled: (count: number, exported: boolean) => void = () => undefined;

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.onSettled(spans.length, result.code === ExportResultCode.SUCCESS);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * Holds at most `limit` spans between their end and their export's outcome (queued or in flight): a dead
 * collector cannot make spans pile up in memory. The batch processor behind it would drop silently; this
 * counts each drop and why.
 */
class BoundedSpanProcessor implements SpanProcessor {
  private held = 0;

  constructor(
    private readonly inner: SpanProcessor,
    private readonly limit: number,
  ) {}

  onStart(span: Span, parent: Context): void {
    this.inner.onStart(span, parent);
  }

  onEnd(span: ReadableSpan): void {
    if (this.held >= this.limit) {
      observeSpansDropped('queue_full', 1);
      return;
    }
    this.held += 1;
    this.inner.onEnd(span);
  }

  settled(count: number, exported: boolean): void {
    this.held = Math.max(0, this.held - count);
    if (exported) observeSpansExported(count);
    else observeSpansDropped('export_failed', count);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
