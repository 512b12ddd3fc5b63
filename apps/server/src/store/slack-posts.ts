// Which Slack message shows which approval, so it is posted once and updated when someone answers.
import type { Database } from './database.js';

export interface SlackPost {
  approvalId: string;
  channel: string;
  ts: string | undefined;
  answeredBy: string | undefined;
}

export class SlackPostRepository {
  constructor(private readonly db: Database) {}

  /** Claims the post for an approval; false when it was already claimed (the event came again). */
  async claim(tenantId: string, approvalId: string, channel: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO channel_slack_posts (tenant_id, approval_id, channel) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING approval_id`,
      [tenantId, approvalId, channel],
    );
    return rows.length > 0;
  }

  /** Gives back a claim whose post failed, so the next delivery of the event tries again. */
  async release(tenantId: string, approvalId: string): Promise<void> {
    await this.db.query(
      'DELETE FROM channel_slack_posts WHERE tenant_id = $1 AND approval_id = $2 AND ts IS NULL',
      [tenantId, approvalId],
    );
  }

  async posted(tenantId: string, approvalId: string, ts: string): Promise<void> {
    await this.db.query('UPDATE channel_slack_posts SET ts = $3 WHERE tenant_id = $1 AND approval_id = $2', [
      tenantId,
      approvalId,
      ts,
    ]);
  }

  async answered(tenantId: string, approvalId: string, by: string): Promise<void> {
    await this.db.query(
      'UPDATE channel_slack_posts SET answered_by = $3 WHERE tenant_id = $1 AND approval_id = $2',
      [tenantId, approvalId, by],
    );
  }

  async get(tenantId: string, approvalId: string): Promise<SlackPost | undefined> {
    const [row] = await this.db.query<{
      approval_id: string;
      channel: string;
      ts: string | null;
      answered_by: string | null;
    }>(
      'SELECT approval_id, channel, ts, answered_by FROM channel_slack_posts WHERE tenant_id = $1 AND approval_id = $2',
      [tenantId, approvalId],
    );
    return (
      row && {
        approvalId: row.approval_id,
        channel: row.channel,
        ts: row.ts ?? undefined,
        answeredBy: row.answered_by ?? undefined,
      }
    );
  }
}
