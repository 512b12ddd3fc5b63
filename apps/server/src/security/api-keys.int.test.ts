// API keys on both databases: stored as hashes only, verified in constant time, revocable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { ApiKeyRepository } from './api-keys.js';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`API keys on ${target.name}`, () => {
    let t: TestDatabase;
    let keys: ApiKeyRepository;
    beforeAll(async () => {
      t = await target.open();
      keys = new ApiKeyRepository(t.db);
    });
    afterAll(async () => t?.dispose());

    it('shows the key once and stores only a hash of its secret', async () => {
      const { key, record } = await keys.create('demo', {
        name: 'crm sync',
        role: 'agent',
        subject: 'crm',
        createdBy: 'root',
      });
      expect(key).toMatch(/^fdk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      const [row] = await t.db.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM api_keys WHERE id = $1',
        [record.id],
      );
      expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      // The secret is everything after `fdk_<12-char id>_`; it may itself contain '_'.
      const secret = key.slice('fdk_'.length + 12 + 1);
      expect(secret).toHaveLength(43);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(await keys.verify('demo', key)).toMatchObject({ id: record.id, role: 'agent', subject: 'crm' });
    });

    it('refuses a wrong secret, another tenant, a malformed key and a revoked key', async () => {
      const { key, record } = await keys.create('demo', {
        name: 'x',
        role: 'admin',
        subject: 'x',
        createdBy: 'root',
      });
      const wrong = `${key.slice(0, -3)}${key.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      expect(await keys.verify('demo', wrong)).toBeUndefined();
      expect(await keys.verify('other', key)).toBeUndefined();
      expect(await keys.verify('demo', 'fdk_nope')).toBeUndefined();
      expect(await keys.revoke('demo', record.id)).toBe(true);
      expect(await keys.verify('demo', key)).toBeUndefined();
      expect(await keys.revoke('demo', record.id)).toBe(false);
      expect((await keys.list('demo')).find((k) => k.id === record.id)?.revokedAt).toBeDefined();
    });
  });
}
