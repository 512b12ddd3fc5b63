// The events consumer groups have handled (the event bus's de-duplication by event id), in the database so
// every process of the deployment and every restart sees them.
import type { Database } from './database.js';

export class HandledEventRepository {
  constructor(private readonly db: Database) {}

  /** Whether the group has handled the event; false for an event it never saw. */
  async has(group: string, eventId: string): Promise<boolean> {
    const rows = await this.db.query<{ one: number }>(
      'SELECT 1 AS one FROM handled_events WHERE consumer_group = $1 AND event_id = $2',
      [group, eventId],
    );
    return rows.length > 0;
  }

  /** Records the event as handled by the group. Idempotent. */
  async add(group: string, eventId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO handled_events (consumer_group, event_id) VALUES ($1, $2)
       ON CONFLICT (consumer_group, event_id) DO NOTHING`,
      [group, eventId],
    );
  }

  /**
   * Forgets what was handled before `before`; returns how many records went. Safe once no redelivery of those
   * events can come any more (JetStream's redeliveries end within minutes; see the retention task).
   */
  async forgetBefore(before: Date): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM handled_events WHERE handled_at < $1 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before],
    );
    return rows[0]?.n ?? 0;
  }
}
