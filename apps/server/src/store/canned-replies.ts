// Canned replies: the team's saved answers, inserted into a reply and edited before sending.
import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import { iso } from './rows.js';

export interface CannedReplyRecord {
  id: string;
  title: string;
  body: string;
  updatedBy: string;
  updatedAt: string;
}

interface CannedRow {
  id: string;
  title: string;
  body: string;
  updated_by: string;
  updated_at: Date;
}

const toCanned = (row: CannedRow): CannedReplyRecord => ({
  id: row.id,
  title: row.title,
  body: row.body,
  updatedBy: row.updated_by,
  updatedAt: iso(row.updated_at)!,
});

export class CannedReplyRepository {
  constructor(private readonly db: Database) {}

  /** Every canned reply, by title. */
  async list(tenantId: string): Promise<CannedReplyRecord[]> {
    const rows = await this.db.query<CannedRow>(
      'SELECT * FROM canned_replies WHERE tenant_id = $1 ORDER BY title, id',
      [tenantId],
    );
    return rows.map(toCanned);
  }

  async create(
    tenantId: string,
    reply: { title: string; body: string; by: string },
  ): Promise<CannedReplyRecord> {
    const [row] = await this.db.query<CannedRow>(
      `INSERT INTO canned_replies (tenant_id, id, title, body, updated_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [tenantId, `canned_${randomUUID()}`, reply.title, reply.body, reply.by],
    );
    return toCanned(row!);
  }

  /** The updated reply, or undefined when there is no such reply. */
  async update(
    tenantId: string,
    id: string,
    reply: { title: string; body: string; by: string },
  ): Promise<CannedReplyRecord | undefined> {
    const [row] = await this.db.query<CannedRow>(
      `UPDATE canned_replies SET title = $3, body = $4, updated_by = $5, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, reply.title, reply.body, reply.by],
    );
    return row && toCanned(row);
  }

  /** Whether a reply was removed. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM canned_replies WHERE tenant_id = $1 AND id = $2 RETURNING id',
      [tenantId, id],
    );
    return rows.length > 0;
  }
}
