// Turns a request's credentials into a Principal: `Authorization: Bearer <jwt>`, `Authorization: ApiKey
// <key>` or `X-API-Key: <key>`, or (for streams, where browsers cannot set headers) `?ticket=` (a stream
// ticket) or `?access_token=`; the HTTP layer passes query credentials only on stream routes.
// A token for another tenant is refused like a forged one.
import { DeskError } from '../errors.js';
import type { ApiKeyRepository } from './api-keys.js';
import type { Principal } from './rbac.js';
import type { StreamTickets } from './stream-tickets.js';
import type { TokenService } from './tokens.js';

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
  accessToken?: string | undefined;
  streamTicket?: string | undefined;
}

export class Authenticator {
  constructor(
    private readonly tenantId: string,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeyRepository,
    private readonly tickets: StreamTickets,
  ) {}

  get tokenService(): TokenService {
    return this.tokens;
  }

  get streamTickets(): StreamTickets {
    return this.tickets;
  }

  /** Undefined when no credentials were given; throws UNAUTHENTICATED when they are wrong. */
  async identify(credentials: Credentials): Promise<Principal | undefined> {
    const { authorization, apiKey, accessToken, streamTicket } = credentials;
    if (apiKey) return this.fromApiKey(apiKey);
    if (authorization) {
      const [scheme, value, ...rest] = authorization.trim().split(/\s+/);
      if (!value || rest.length > 0) throw new DeskError('UNAUTHENTICATED', 'Malformed Authorization header');
      if (/^bearer$/i.test(scheme!)) return this.fromToken(value);
      if (/^apikey$/i.test(scheme!)) return this.fromApiKey(value);
      throw new DeskError('UNAUTHENTICATED', 'Use Authorization: Bearer <token> or ApiKey <key>');
    }
    if (streamTicket) return this.tickets.verify(streamTicket);
    if (accessToken) return this.fromToken(accessToken);
    return undefined;
  }

  private async fromToken(token: string): Promise<Principal> {
    if (token.length > 8_192) throw new DeskError('UNAUTHENTICATED', 'The token is not valid');
    const claims = await this.tokens.verify(token);
    if (claims.tenant !== this.tenantId)
      throw new DeskError('UNAUTHENTICATED', 'The token is not valid here');
    return { subject: claims.sub, role: claims.role, tenantId: claims.tenant, via: 'token' };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const record = key.length <= 200 ? await this.apiKeys.verify(this.tenantId, key) : undefined;
    if (!record) throw new DeskError('UNAUTHENTICATED', 'The API key is not valid');
    return {
      subject: record.subject,
      role: record.role,
      tenantId: this.tenantId,
      via: 'api_key',
      keyId: record.id,
    };
  }
}
