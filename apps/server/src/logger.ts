// Structured logs (pino) to stderr, so a CLI's --json output on stdout stays clean. Callers add
// requestId / threadId with `logger.child({ ... })` so every line of a run carries them. Credentials are
// masked before a line is written: in request URLs (stream tickets, `?access_token=`) and in headers. A line
// written inside a traced span carries its `trace_id` and `span_id`, to find the trace from the log and back.
import { pino, type DestinationStream, type Logger } from 'pino';
import { CREDENTIAL_HEADERS, redactHeaders, redactUrl } from './log-redaction.js';
import { traceFields } from './observability/tracing.js';

export type { Logger };

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  host?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** Replaces Fastify's own request serializer, which writes the URL as it came (query string and all). */
const requestSerializer = (request: LoggedRequest) => ({
  method: request.method,
  url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});

/** Credential headers wherever a log line carries a header set (`headers`, `req.headers`, `request.headers`). */
const headerPaths = ['headers', 'req.headers', 'request.headers', 'response.headers', 'res.headers'].flatMap(
  (where) => CREDENTIAL_HEADERS.map((name) => `${where}["${name}"]`),
);

export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { service: 'frontdesk' },
      mixin: traceFields,
      serializers: {
        req: requestSerializer,
        headers: (headers: unknown) =>
          headers && typeof headers === 'object'
            ? redactHeaders(headers as Record<string, unknown>)
            : headers,
        url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url),
      },
      redact: { paths: headerPaths, censor: '[redacted]' },
    },
    destination,
  );
}
