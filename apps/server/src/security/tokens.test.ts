// Bearer tokens: HS256 from the desk's secret and RS256/ES256 from an identity provider's key set.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSecret, SECRET_FILE } from './secret.js';
import { TokenService } from './tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-123456';

describe('HS256 tokens', () => {
  const tokens = new TokenService({ secret: SECRET });

  it('verifies a token it minted, with its subject, role and tenant', async () => {
    const { token, expiresAt } = await tokens.mint({ sub: 'cus_01', role: 'customer', tenant: 'demo' });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(await tokens.verify(token)).toEqual({ sub: 'cus_01', role: 'customer', tenant: 'demo' });
  });

  it('remembers a verified token only until it expires: once past its expiry it is refused again', async () => {
    const { token } = await tokens.mint({ sub: 'cus_02', role: 'customer', tenant: 'demo' }, 60);
    expect(await tokens.verify(token)).toEqual({ sub: 'cus_02', role: 'customer', tenant: 'demo' });
    expect(await tokens.verify(token)).toEqual({ sub: 'cus_02', role: 'customer', tenant: 'demo' });
    // Past the expiry and the 30 s clock tolerance, the remembered answer no longer stands.
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ['Date'] });
    try {
      await expect(tokens.verify(token)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: /expired/,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses expired, forged, unsigned and role-less tokens as UNAUTHENTICATED', async () => {
    const expired = (await tokens.mint({ sub: 'a', role: 'admin', tenant: 'demo' }, -120)).token;
    await expect(tokens.verify(expired)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: /expired/,
    });
    const other = new TokenService({ secret: `${SECRET}-other` });
    const forged = (await other.mint({ sub: 'a', role: 'admin', tenant: 'demo' })).token;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    const body = Buffer.from(
      '{"sub":"a","role":"admin","tenant":"demo","iss":"frontdesk","aud":"frontdesk-api"}',
    );
    await expect(tokens.verify(`${header}.${body.toString('base64url')}.`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const noRole = await new SignJWT({ tenant: 'demo' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setIssuer('frontdesk')
      .setAudience('frontdesk-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(tokens.verify(noRole)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /role/ });
  });

  it('refuses a well-signed token without an expiry, which would never expire', async () => {
    const forever = await new SignJWT({ role: 'admin', tenant: 'demo' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setIssuer('frontdesk')
      .setAudience('frontdesk-api')
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    await expect(tokens.verify(forever)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: /no expiry/,
    });
  });
});

describe('tokens from a JWKS URL', () => {
  let server: Server;
  let url: string;
  const rsa = generateKeyPair('RS256');
  const ec = generateKeyPair('ES256');
  beforeAll(async () => {
    const keys = [
      { ...(await exportJWK((await rsa).publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK((await ec).publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = async (alg: 'RS256' | 'ES256', kid: string, key: CryptoKey, issuer = 'https://idp.example') =>
    new SignJWT({ role: 'approver', tenant: 'demo' })
      .setProtectedHeader({ alg, kid })
      .setSubject('ana')
      .setIssuer(issuer)
      .setAudience('frontdesk')
      .setExpirationTime('5m')
      .sign(key);

  it('verifies RS256 and ES256 tokens signed by the provider, and refuses another issuer or an HS256 token', async () => {
    const tokens = new TokenService({ jwksUrl: url, issuer: 'https://idp.example', audience: 'frontdesk' });
    const expected = { sub: 'ana', role: 'approver' as const, tenant: 'demo' };
    expect(await tokens.verify(await sign('RS256', 'rsa-1', (await rsa).privateKey))).toEqual(expected);
    expect(await tokens.verify(await sign('ES256', 'ec-1', (await ec).privateKey))).toEqual(expected);
    await expect(
      tokens.verify(await sign('RS256', 'rsa-1', (await rsa).privateKey, 'https://evil.example')),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const hs = (
      await new TokenService({ secret: SECRET, issuer: 'https://idp.example', audience: 'frontdesk' }).mint(
        expected,
      )
    ).token;
    await expect(tokens.verify(hs)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(tokens.canMint).toBe(false);
  });
});

describe('the embedded signing secret', () => {
  it('is generated once in the data directory, readable by its owner only, and kept across starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-secret-'));
    try {
      const first = loadOrCreateSecret(dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSecret(dir)).toBe(first);
      expect(readFileSync(join(dir, SECRET_FILE), 'utf8').trim()).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
