// Builds the security pieces from configuration: the token service (configured secret, JWKS URL, or the
// secret generated in the data directory) and the authenticator over the API-key store.
import type { Config } from '../config.js';
import type { Database } from '../store/index.js';
import { ApiKeyRepository } from './api-keys.js';
import { Authenticator } from './authenticator.js';
import { loadOrCreateSecret } from './secret.js';
import { StreamTickets } from './stream-tickets.js';
import { TokenService } from './tokens.js';

export interface Security {
  tokens: TokenService;
  apiKeys: ApiKeyRepository;
  authenticator: Authenticator;
  /** Short-lived credentials for the stream routes, exchanged for the caller's own. */
  streamTickets: StreamTickets;
  /** Whether POST /v1/auth/dev-token signs tokens on request (demo and development). */
  devLogin: boolean;
}

export function createSecurity(config: Config, db: Database): Security {
  const { auth } = config;
  const secret = auth.jwtSecret ?? (auth.jwksUrl ? undefined : loadOrCreateSecret(config.dataDir));
  const tokens = new TokenService({
    secret,
    jwksUrl: auth.jwksUrl,
    issuer: auth.issuer,
    audience: auth.audience,
  });
  const apiKeys = new ApiKeyRepository(db);
  // Tickets are signed by the desk itself, also when bearer tokens come from an identity provider.
  const streamTickets = new StreamTickets(secret ?? loadOrCreateSecret(config.dataDir), config.tenantId);
  return {
    tokens,
    apiKeys,
    streamTickets,
    authenticator: new Authenticator(config.tenantId, tokens, apiKeys, streamTickets),
    devLogin: auth.devLogin && tokens.canMint,
  };
}
