// API keys for integrations: `fdk_<id>_<secret>`. Only a SHA-256 of the secret is stored (the secret is 32
// random bytes, so a fast hash is enough); the whole key is shown once, when it is created.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../store/index.js';
import type { Role } from './rbac.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  subject: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | undefined;
  revokedAt: string | undefined;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  subject: string;
  secret_hash: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const KEY_PATTERN = /^fdk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  role: row.role,
  subject: row.subject,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString(),
  revokedAt: row.revoked_at?.toISOString(),
});

export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  /** Creates a key and returns it in full, the only time it is ever visible. */
  async create(
    tenantId: string,
    input: { name: string; role: Role; subject: string; createdBy: string },
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const [row] = await this.db.query<ApiKeyRow>(
      `INSERT INTO api_keys (tenant_id, id, name, role, subject, secret_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [tenantId, `key_${id}`, input.name, input.role, input.subject, hash(secret), input.createdBy],
    );
    return { key: `fdk_${id}_${secret}`, record: toRecord(row!) };
  }

  /** The key's record when the key is well formed, known, unrevoked and its secret matches; else undefined. */
  async verify(tenantId: string, key: string): Promise<ApiKeyRecord | undefined> {
    const match = KEY_PATTERN.exec(key);
    if (!match) return undefined;
    const [row] = await this.db.query<ApiKeyRow>(
      'SELECT * FROM api_keys WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL',
      [tenantId, `key_${match[1]}`],
    );
    if (!row) return undefined;
    const given = Buffer.from(hash(match[2]!), 'hex');
    if (!timingSafeEqual(given, Buffer.from(row.secret_hash, 'hex'))) return undefined;
    // Best effort: a failed bookkeeping write must not refuse a valid key.
    void this.db
      .query('UPDATE api_keys SET last_used_at = now() WHERE tenant_id = $1 AND id = $2', [tenantId, row.id])
      .catch(() => undefined);
    return toRecord(row);
  }

  async list(tenantId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<ApiKeyRow>(
      'SELECT * FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id',
      [tenantId],
    );
    return rows.map(toRecord);
  }

  /** Revokes a key; false when there was no such unrevoked key. */
  async revoke(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id',
      [tenantId, id],
    );
    return rows.length === 1;
  }
}
