// Bearer tokens: HS256 signed with the desk's secret (minted by `frontdesk token` and the dev login), or
// RS256/ES256 from an identity provider's JWKS URL. Claims: `sub`, `role`, `tenant`.
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../errors.js';
import type { Role } from './rbac.js';

export const DEFAULT_ISSUER = 'frontdesk';
export const DEFAULT_AUDIENCE = 'frontdesk-api';

export interface TokenClaims {
  sub: string;
  role: Role;
  tenant: string;
}

export interface TokenOptions {
  /** HS256 secret: required to mint, and to verify when no JWKS URL is set. */
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

export interface MintedToken {
  token: string;
  expiresAt: string;
}

const unauthenticated = (why: string) => new DeskError('UNAUTHENTICATED', why);

/** Tokens verified recently, remembered so a client's every request does not pay for the signature again. */
const VERIFIED_CACHE_SIZE = 1_000;

export class TokenService {
  private readonly secret: Uint8Array | undefined;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly issuer: string;
  private readonly audience: string;
  /**
   * Token text → its claims and when it stops being accepted (its `exp`, without the clock tolerance). A token
   * verified once is the same token on every request, so only the expiry can change the answer.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; untilMs: number }>();

  constructor(options: TokenOptions) {
    this.secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
    this.issuer = options.issuer ?? DEFAULT_ISSUER;
    this.audience = options.audience ?? DEFAULT_AUDIENCE;
    if (!this.secret && !this.jwks) throw new Error('TokenService needs a secret or a JWKS URL');
  }

  get canMint(): boolean {
    return this.secret !== undefined;
  }

  async mint(claims: TokenClaims, ttlSeconds = 12 * 3600): Promise<MintedToken> {
    if (!this.secret)
      throw new DeskError('FORBIDDEN', 'This desk verifies tokens from a JWKS URL and mints none');
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({ role: claims.role, tenant: claims.tenant })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(this.secret);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /**
   * Verifies signature, issuer, audience and expiry; a token without `exp` is refused, since it would never
   * expire. Throws UNAUTHENTICATED, never anything else.
   */
  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.untilMs) return known.claims;
    if (known) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.issuer,
        audience: this.audience,
        clockTolerance: 30,
        requiredClaims: ['exp'],
      };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp')
        throw unauthenticated('The token has no expiry');
      throw unauthenticated('The token is not valid');
    }
    const { sub, role, tenant } = payload as JWTPayload & { role?: unknown; tenant?: unknown };
    if (typeof sub !== 'string' || sub === '' || sub.length > 200)
      throw unauthenticated('The token has no subject');
    if (typeof role !== 'string' || !(api.roles as readonly string[]).includes(role))
      throw unauthenticated('The token has no valid role');
    if (typeof tenant !== 'string' || tenant === '') throw unauthenticated('The token names no tenant');
    const claims = { sub, role: role as Role, tenant };
    // The oldest entry makes room (a Map keeps insertion order); `exp` is present, `requiredClaims` saw to it.
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, untilMs: payload.exp! * 1000 });
    return claims;
  }
}
