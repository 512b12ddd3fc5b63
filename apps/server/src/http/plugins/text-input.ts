// Every request's params, query and JSON body are checked for text the database cannot store (NUL, lone
// surrogates) before any handler runs: a 400 naming the field, instead of a 500 from deep in a query.
// Uploaded text documents are checked by the knowledge parser, which reads their bytes.
import type { FastifyRequest } from 'fastify';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import { globalPlugin } from './global.js';

const parts = ['params', 'querystring', 'body'] as const;
const valueOf = (request: FastifyRequest, part: (typeof parts)[number]): unknown =>
  part === 'querystring' ? request.query : part === 'params' ? request.params : request.body;

export const textInputPlugin = globalPlugin('frontdesk-text-input', (app) => {
  // preHandler: after the route's guard (a caller without rights learns nothing) and its schema, and
  // before the route's own preHandlers (an idempotency key is not claimed for a refused request).
  app.addHook('preHandler', (request, _reply, done) => {
    for (const part of parts) {
      const found = api.findUnstorableText(valueOf(request, part), part);
      if (found) {
        return done(
          new DeskError('VALIDATION_FAILED', `The request is not valid: ${found.field} ${found.message}`, {
            fields: [found],
          }),
        );
      }
    }
    done();
  });
  return Promise.resolve();
});
