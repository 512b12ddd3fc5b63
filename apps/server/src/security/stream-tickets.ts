// Stream tickets: short-lived, single-purpose credentials for the stream routes, where browsers cannot set
// headers (EventSource, WebSocket) and a credential has to travel in the URL. A ticket opens streams only,
// for a minute, so one that leaks into a proxy's log or a browser's history is worth little — unlike the
// bearer token it was exchanged for.
import { createHmac } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../errors.js';
import type { Principal, Role } from './rbac.js';

/** Signed for this audience only, so a ticket is never accepted as a bearer token, nor a token as a ticket. */
const AUDIENCE = 'frontdesk-stream';
const ISSUER = 'frontdesk';
export const STREAM_TICKET_SECONDS = 60;

export interface StreamTicket {
  ticket: string;
  expiresAt: string;
}

const refused = (why: string) => new DeskError('UNAUTHENTICATED', why);

export class StreamTickets {
  private readonly key: Uint8Array;

  /** `secret` is the desk's own secret; tickets are signed with a key derived from it for this use only. */
  constructor(
    secret: string,
    private readonly tenantId: string,
    private readonly ttlSeconds = STREAM_TICKET_SECONDS,
  ) {
    this.key = createHmac('sha256', secret).update('frontdesk stream tickets v1').digest();
  }

  async issue(principal: Principal): Promise<StreamTicket> {
    const expires = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const ticket = await new SignJWT({ role: principal.role, tenant: principal.tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(this.key);
    return { ticket, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The principal a ticket was issued to. Throws UNAUTHENTICATED when it is forged, expired or elsewhere's. */
  async verify(ticket: string): Promise<Principal> {
    if (ticket.length > 4_096) throw refused('The stream ticket is not valid');
    let claims: { sub?: unknown; role?: unknown; tenant?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(ticket, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw refused('The stream ticket has expired; get another');
      throw refused('The stream ticket is not valid');
    }
    const { sub, role, tenant } = claims;
    if (
      typeof sub !== 'string' ||
      typeof role !== 'string' ||
      !(api.roles as readonly string[]).includes(role) ||
      tenant !== this.tenantId
    ) {
      throw refused('The stream ticket is not valid here');
    }
    return { subject: sub, role: role as Role, tenantId: this.tenantId, via: 'stream_ticket' };
  }
}
