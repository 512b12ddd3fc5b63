// Spans for the desk's own work (a graph run, each graph node, tool call and model call) and the trace
// context that crosses the task queue and the event bus. Only the OpenTelemetry API is used here: until
// `startTracing` (otel.ts) installs the SDK, every call below is the API's no-op, so tracing costs nothing
// when no OTLP endpoint is configured. The API keeps its tracer provider in a process-wide slot by design
// (instrumented libraries find it there), so there is no tracer to pass around.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { z } from 'zod';

export { SpanKind, type Span };

const tracer = () => trace.getTracer('frontdesk');

/** W3C trace context as it travels in a task payload or an event's headers. */
export const traceCarrierSchema = z.object({
  traceparent: z.string().min(1).max(128),
  tracestate: z.string().max(512).optional(),
});
export type TraceCarrier = z.infer<typeof traceCarrierSchema>;

/** The active trace context to put in a task payload or event headers; undefined when nothing is traced. */
export function traceCarrier(from: Context = context.active()): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  // Nothing traced (the usual case without a collector): no parse, whose failure builds an error to discard.
  if (carrier.traceparent === undefined) return undefined;
  const parsed = traceCarrierSchema.safeParse(carrier);
  return parsed.success ? parsed.data : undefined;
}

/** A carried context back as a parent; a missing or malformed carrier starts a new trace. */
export function contextFrom(carrier: unknown): Context {
  if (carrier === undefined || carrier === null) return context.active();
  const parsed = traceCarrierSchema.safeParse(carrier);
  return parsed.success ? propagation.extract(ROOT_CONTEXT, parsed.data) : context.active();
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent: a carried context (task payload, event headers); the active context by default. */
  parent?: Context;
  /** Errors that are control flow, not failures (a graph interrupt waiting for a person). */
  expected?: (error: unknown) => boolean;
}

/**
 * Runs `work` inside a new active span, so spans started beneath it (database, Redis, HTTP, nested steps)
 * become its children, and log lines written meanwhile carry its trace id. A throw ends the span as an error.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        if (options.expected?.(error)) {
          span.setAttribute('frontdesk.interrupted', true);
        } else {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
        }
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** `trace_id` and `span_id` of the active span for a log line; empty when no span is recording. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const spanContext = span.spanContext();
  return trace.isSpanContextValid(spanContext)
    ? { trace_id: spanContext.traceId, span_id: spanContext.spanId }
    : {};
}
