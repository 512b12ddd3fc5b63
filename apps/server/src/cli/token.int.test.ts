// `frontdesk token`: mints a development token with the data directory's secret, which the API accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, TokenService } from '../security/index.js';
import { runCli, runCliJson } from '../testing/cli.js';

describe('frontdesk token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mints a token for a role and subject, signed with the secret kept in the data directory', async () => {
    const { code, json } = await runCliJson<{ token: string; role: string; sub: string; tenant: string }>(
      ['token', '--role', 'approver', '--sub', 'ana'],
      { FRONTDESK_DATA_DIR: dir },
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ role: 'approver', sub: 'ana', tenant: 'demo' });
    const tokens = new TokenService({ secret: loadOrCreateSecret(dir) });
    expect(await tokens.verify(json.token)).toEqual({ sub: 'ana', role: 'approver', tenant: 'demo' });
  });

  it('refuses an unknown role with a problem document', async () => {
    const run = await runCli(['token', '--role', 'root', '--sub', 'x', '--json'], {
      FRONTDESK_DATA_DIR: dir,
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
