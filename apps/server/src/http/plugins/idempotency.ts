// Idempotency keys on POST: the first request with a key runs and its response is stored; a retry with the
// same key returns that response (header `idempotent-replayed: true`) and performs nothing again. The same
// key with a different body is refused; a retry while the first is still running gets 409. Keys are scoped
// to the tenant and the caller, and a server error frees the key so the retry really runs.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DeskError } from '../../errors.js';
import type { Database } from '../../store/index.js';
import { globalPlugin } from './global.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | undefined;
  }
  interface FastifyInstance {
    /** preHandler for POST routes, after the guard: replays or claims the request's Idempotency-Key. */
    idempotent: preHandlerAsyncHookHandler;
  }
}

/** A claim older than this whose request never finished (its process died) may be taken over. */
const STALE_CLAIM_SECONDS = 120;
const KEY_PATTERN = /^[\w.:-]{1,200}$/;

interface KeyRow {
  body_hash: string;
  method: string;
  path: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_body: string | null;
  stale: boolean;
}

export const idempotencyPlugin = globalPlugin<{ db: Database; tenantId: string }>(
  'frontdesk-idempotency',
  (app, { db, tenantId }) => {
    app.decorateRequest('idempotency', undefined);

    const idempotent = async (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.headers['idempotency-key'];
      if (request.method !== 'POST' || key === undefined || !request.principal) return;
      if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
        throw new DeskError('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 letters, digits, _ . : -', {
          fields: [{ field: 'headers.idempotency-key', message: 'not a plain token' }],
        });
      }
      const principal = `${request.principal.role}:${request.principal.subject}`;
      const path = request.url.split('?')[0]!;
      // Uploads arrive as raw bytes: hash them as they are, not as a JSON rendering of a Buffer.
      const hash = createHash('sha256').update(`${request.method} ${path}\n`);
      const bodyHash = (
        Buffer.isBuffer(request.body)
          ? hash.update(request.body)
          : hash.update(JSON.stringify(request.body ?? null))
      ).digest('hex');
      const claimed = await db.query(
        `INSERT INTO idempotency_keys (tenant_id, principal, key, method, path, body_hash, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING RETURNING key`,
        [tenantId, principal, key, request.method, path, bodyHash],
      );
      if (claimed.length === 0) {
        const [row] = await db.query<KeyRow>(
          `SELECT body_hash, method, path, state, response_status, response_body,
                  created_at < now() - make_interval(secs => $4) AS stale
           FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
          [tenantId, principal, key, STALE_CLAIM_SECONDS],
        );
        if (!row) throw new DeskError('IDEMPOTENCY_IN_PROGRESS', 'Retry in a moment', { key });
        if (row.body_hash !== bodyHash) {
          throw new DeskError('IDEMPOTENCY_KEY_REUSED', `Key ${key} was used for a different request`, {
            key,
            firstRequest: `${row.method} ${row.path}`,
          });
        }
        if (row.state === 'pending' && !row.stale) {
          throw new DeskError('IDEMPOTENCY_IN_PROGRESS', `The request with key ${key} is still running`, {
            key,
          });
        }
        if (row.state === 'done') {
          const body = row.response_body ?? '';
          return reply
            .status(row.response_status ?? 200)
            .header('idempotent-replayed', 'true')
            .type(
              body.startsWith('{"type":"urn:frontdesk:error')
                ? 'application/problem+json'
                : 'application/json',
            )
            .send(body);
        }
        // A stale claim: its request died with its process; this retry takes it over.
        await db.query(
          `UPDATE idempotency_keys SET created_at = now() WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
          [tenantId, principal, key],
        );
      }
      request.idempotency = { principal, key };
    };
    app.decorate('idempotent', idempotent);

    app.addHook('onSend', async (request, reply, payload) => {
      const claim = request.idempotency;
      if (!claim || reply.getHeader('idempotent-replayed')) return payload;
      request.idempotency = undefined;
      if (reply.statusCode >= 500) {
        await db.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3', [
          tenantId,
          claim.principal,
          claim.key,
        ]);
      } else {
        await db.query(
          `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5
           WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
          [
            tenantId,
            claim.principal,
            claim.key,
            reply.statusCode,
            typeof payload === 'string' ? payload : '',
          ],
        );
      }
      return payload;
    });
    return Promise.resolve();
  },
);
