// A tenant's desk settings: today, what a new message on a busy thread does (double texting).
import type { Database } from './database.js';

export type DoubleTexting = 'queue' | 'reject' | 'interrupt';

export class TenantSettingsRepository {
  constructor(private readonly db: Database) {}

  /** The tenant's stored double-texting policy; undefined when it never chose one. */
  async doubleTexting(tenantId: string): Promise<DoubleTexting | undefined> {
    const [row] = await this.db.query<{ double_texting: DoubleTexting }>(
      'SELECT double_texting FROM tenant_settings WHERE tenant_id = $1',
      [tenantId],
    );
    return row?.double_texting;
  }

  async setDoubleTexting(tenantId: string, policy: DoubleTexting): Promise<void> {
    await this.db.query(
      `INSERT INTO tenant_settings (tenant_id, double_texting) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET double_texting = EXCLUDED.double_texting, updated_at = now()`,
      [tenantId, policy],
    );
  }
}
