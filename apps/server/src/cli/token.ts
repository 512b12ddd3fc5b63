// `frontdesk token --role ROLE --sub ID`: mints a development token signed with this desk's secret (the
// one in the data directory, or FRONTDESK_JWT_SECRET), for curl, the web app or a test client.
import type { Command } from 'commander';
import { api } from '@frontdesk/contracts';
import { loadConfig } from '../config.js';
import { DeskError } from '../errors.js';
import { loadOrCreateSecret, TokenService, type Role } from '../security/index.js';
import { emit } from './output.js';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('Mint a development bearer token for a role and subject')
    .requiredOption('--role <role>', `one of ${api.roles.join(', ')}`)
    .requiredOption('--sub <id>', 'a customer id (cus_01) for customers, a handle for staff')
    .option('--hours <n>', 'lifetime in hours', '12')
    .option('--json', 'print one JSON document')
    .action(async (options: { role: string; sub: string; hours: string; json?: boolean }) => {
      const parsed = api.devTokenBodySchema.safeParse({ role: options.role, sub: options.sub });
      const hours = Number(options.hours);
      if (!parsed.success || !(hours > 0 && hours <= 24 * 30)) {
        throw new DeskError(
          'VALIDATION_FAILED',
          `Give --role (${api.roles.join(', ')}), --sub and 0 < --hours <= 720`,
          {
            fields: parsed.success
              ? [{ field: 'hours', message: 'out of range' }]
              : parsed.error.issues.map((i) => ({
                  field: i.path.join('.'),
                  message: i.message,
                })),
          },
        );
      }
      const config = loadConfig();
      const secret = config.auth.jwtSecret ?? loadOrCreateSecret(config.dataDir);
      const tokens = new TokenService({ secret, issuer: config.auth.issuer, audience: config.auth.audience });
      const role: Role = parsed.data.role;
      const minted = await tokens.mint({ sub: parsed.data.sub, role, tenant: config.tenantId }, hours * 3600);
      emit(
        options,
        {
          token: minted.token,
          tokenType: 'Bearer',
          expiresAt: minted.expiresAt,
          role,
          sub: parsed.data.sub,
          tenant: config.tenantId,
        },
        () => minted.token,
      );
    });
}
