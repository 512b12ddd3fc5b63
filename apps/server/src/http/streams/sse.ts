// What every Server-Sent Events response of the API shares: where a reconnecting client resumes, and the
// response head that keeps proxies from buffering the stream.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long a browser waits before reconnecting a dropped stream. */
const RECONNECT_MS = 2000;

/**
 * The last event id the client saw, from `?lastEventId=` or the `Last-Event-ID` header (sent by
 * EventSource on reconnect); undefined when the client gives none or something that is not an id.
 */
export function lastEventIdOf(request: FastifyRequest, fromQuery: string | undefined): number | undefined {
  const header = request.headers['last-event-id'];
  const given = fromQuery ?? (typeof header === 'string' ? header : undefined);
  return given && /^\d{1,18}$/.test(given) ? Number(given) : undefined;
}

/** Takes the response over from Fastify and starts an event stream on it. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): ServerResponse {
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx buffers responses unless told not to; a buffered stream arrives all at once, too late.
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  raw.write(`retry: ${RECONNECT_MS}\n\n`);
  return raw;
}
