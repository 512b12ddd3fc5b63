// Every error leaves as an RFC 9457 problem document with a registry code: validation errors list each bad
// field, Fastify's own client errors keep their meaning, and nothing unexpected leaks its message or stack.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DeskError, isDeskError } from '../../errors.js';
import { toProblem } from '../../problem.js';
import { redactUrl } from '../../log-redaction.js';
import { globalPlugin } from './global.js';

/** Fastify's client-error codes, mapped into the registry. */
const fastifyCodes: Record<string, DeskError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
};

export function toDeskError(error: unknown): DeskError | undefined {
  if (isDeskError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((issue) => ({
      field: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`.replace(
        /\.$/,
        '',
      ),
      message: issue.message ?? 'is not valid',
    }));
    return new DeskError(
      'VALIDATION_FAILED',
      `The request is not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`.slice(0, 1_000),
      { fields },
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  const code = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (code) return new DeskError(code, fastifyError.message ?? 'The request is not valid');
  const status = fastifyError.statusCode;
  if (status === 429) return new DeskError('RATE_LIMITED', 'Too many requests; slow down');
  if (status && status >= 400 && status < 500) {
    return new DeskError('VALIDATION_FAILED', 'The request is not valid');
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: DeskError): FastifyReply {
  return reply
    .status(error.status)
    .type('application/problem+json')
    .send(toProblem(error, redactUrl(request.url)));
}

/** Errors the router raises before any hook runs (a malformed URL, an over-long path segment). */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'An id in the path is too long' : 'The URL is not valid';
  void reply.header('x-request-id', request.id);
  void sendProblem(reply, request, new DeskError('VALIDATION_FAILED', detail));
}

export const errorsPlugin = globalPlugin('frontdesk-errors', (app) => {
  app.setErrorHandler((error, request, reply) => {
    const known = toDeskError(error);
    if (!known) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .status(500)
        .type('application/problem+json')
        .send(toProblem(error, redactUrl(request.url)));
    }
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, known);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new DeskError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
  return Promise.resolve();
});
