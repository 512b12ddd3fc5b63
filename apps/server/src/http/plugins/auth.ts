// Authentication and role checks, as decorators other plugins reuse (the MCP endpoints do too):
//   app.authenticate            preValidation hook: 401 unless the request carries valid credentials
//   app.requireRole(...roles)   preValidation hook: authenticate, then 403 unless the caller has one of the roles
//   app.authorize(permission)   preValidation hook: authenticate, then 403 unless the caller's role has the permission
// Credentials are read once per request (onRequest) into `request.principal`, so rate limits can count by
// key; a bad credential is only reported when a route asks for one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeskError } from '../../errors.js';
import {
  roleCan,
  type Authenticator,
  type Permission,
  type Principal,
  type Role,
} from '../../security/index.js';
import { globalPlugin } from './global.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set once `authenticate` (or any guard) has passed. */
    principal: Principal | undefined;
    /** Why the given credentials were refused, reported by `authenticate`. */
    authError: DeskError | undefined;
  }
  interface FastifyContextConfig {
    /** The route streams (SSE, WebSocket) and accepts `?ticket=` or `?access_token=` in place of headers. */
    streamCredentials?: boolean;
  }
  interface FastifyInstance {
    authenticate: Guard;
    requireRole(...roles: Role[]): Guard;
    authorize(permission: Permission): Guard;
  }
}

/**
 * A route hook. Use it as `preValidation`: after the rate limit (route onRequest) counted the call, and
 * before the body is validated, so a caller without rights learns nothing about the shapes it sends.
 */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Whether the query string may carry credentials (`?ticket=`, `?access_token=`): only on GET routes that
 * declare `config: { streamCredentials: true }` (EventSource and browsers' WebSocket cannot set headers).
 * Matched by the route the router chose, never by the URL's text.
 */
const allowsQueryCredentials = (request: FastifyRequest) =>
  request.method === 'GET' && request.routeOptions.config.streamCredentials === true;

const queryString = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const authPlugin = globalPlugin<{ authenticator: Authenticator }>(
  'frontdesk-auth',
  (app, { authenticator }) => {
    app.decorateRequest('principal', undefined);
    app.decorateRequest('authError', undefined);

    app.addHook('onRequest', async (request) => {
      const fromQuery = allowsQueryCredentials(request);
      try {
        request.principal = await authenticator.identify({
          authorization: header(request, 'authorization'),
          apiKey: header(request, 'x-api-key'),
          accessToken: fromQuery ? queryString(request, 'access_token') : undefined,
          streamTicket: fromQuery ? queryString(request, 'ticket') : undefined,
        });
      } catch (error) {
        if (!(error instanceof DeskError)) throw error;
        request.authError = error;
      }
    });

    const authenticate = async (request: FastifyRequest, _reply: FastifyReply) => {
      if (request.authError) throw request.authError;
      if (!request.principal) {
        throw new DeskError('UNAUTHENTICATED', 'Sign in: send Authorization: Bearer <token> or an API key');
      }
    };
    app.decorate('authenticate', authenticate);

    app.decorate(
      'requireRole',
      (...roles: Role[]) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          await authenticate(request, reply);
          if (!roles.includes(request.principal!.role)) {
            throw new DeskError('FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`, { roles });
          }
        },
    );

    app.decorate(
      'authorize',
      (permission: Permission) => async (request: FastifyRequest, reply: FastifyReply) => {
        await authenticate(request, reply);
        if (!roleCan(request.principal!.role, permission)) {
          throw new DeskError('FORBIDDEN', `The ${request.principal!.role} role may not do this`, {
            permission,
          });
        }
      },
    );
    return Promise.resolve();
  },
);

/** The caller, for handlers behind a guard (the guard guarantees it is set). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DeskError('UNAUTHENTICATED', 'Sign in first');
  return request.principal;
}
