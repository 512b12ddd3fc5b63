// The audit trail: who did what to which subject, append-only.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export interface AuditEntry {
  actor: string;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
}

export class AuditRepository {
  constructor(private readonly db: Database) {}

  async record(tenantId: string, entry: AuditEntry, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO audit_entries (tenant_id, actor, actor_role, action, subject_type, subject_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        entry.actor,
        entry.actorRole,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async forSubject(tenantId: string, subjectType: string, subjectId: string) {
    const rows = await this.db.query<{
      actor: string;
      actor_role: string;
      action: string;
      details: Record<string, unknown>;
      created_at: Date;
    }>(
      `SELECT * FROM audit_entries WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3 ORDER BY seq`,
      [tenantId, subjectType, subjectId],
    );
    return rows.map((row) => ({
      actor: row.actor,
      actorRole: row.actor_role,
      action: row.action,
      details: row.details,
      at: iso(row.created_at)!,
    }));
  }
}
