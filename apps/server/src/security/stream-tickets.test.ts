// Stream tickets: issued to a principal, good for a minute on this tenant's streams, and nothing else.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../log-redaction.js';
import { StreamTickets } from './stream-tickets.js';
import { TokenService } from './tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const principal = { subject: 'cus_01', role: 'customer' as const, tenantId: 'demo', via: 'token' as const };

describe('stream tickets', () => {
  const tickets = new StreamTickets(SECRET, 'demo');

  it('gives back the principal it was issued to', async () => {
    const { ticket } = await tickets.issue(principal);
    expect(await tickets.verify(ticket)).toEqual({ ...principal, via: 'stream_ticket' });
  });

  it('refuses expired tickets, other tenants, other secrets and bearer tokens', async () => {
    const expired = await new StreamTickets(SECRET, 'demo', -60).issue(principal);
    await expect(tickets.verify(expired.ticket)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: /expired/,
    });
    const elsewhere = await new StreamTickets(SECRET, 'acme').issue({ ...principal, tenantId: 'acme' });
    await expect(tickets.verify(elsewhere.ticket)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = await new StreamTickets(`${SECRET}-other`, 'demo').issue(principal);
    await expect(tickets.verify(forged.ticket)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // A bearer token signed with the same secret is still not a ticket, nor a ticket a bearer token.
    const tokens = new TokenService({ secret: SECRET });
    const bearer = (await tokens.mint({ sub: 'cus_01', role: 'customer', tenant: 'demo' })).token;
    await expect(tickets.verify(bearer)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const { ticket } = await tickets.issue(principal);
    await expect(tokens.verify(ticket)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('URL redaction', () => {
  it('masks credential parameters and passwords, and keeps the rest as it was', () => {
    expect(redactUrl('/v1/x/events?access_token=abc&lastEventId=7')).toBe(
      '/v1/x/events?access_token=[redacted]&lastEventId=7',
    );
    expect(redactUrl('/v1/x?ticket=t&API_KEY=k&apiKey=k2&q=hello%20there#frag')).toBe(
      '/v1/x?ticket=[redacted]&API_KEY=[redacted]&apiKey=[redacted]&q=hello%20there',
    );
    expect(redactUrl('postgres://desk:hunter2@db:5432/desk?sslmode=require')).toBe(
      'postgres://[redacted]@db:5432/desk?sslmode=require',
    );
    expect(redactUrl('/health/live')).toBe('/health/live');
  });
});
