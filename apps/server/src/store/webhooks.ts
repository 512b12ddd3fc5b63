// Outbound webhook subscriptions (per tenant, per event topic) and their deliveries, dead ones included.
import type { Database } from './database.js';
import { iso } from './rows.js';

export interface WebhookSubscription {
  id: string;
  url: string;
  topics: string[];
  secret: string;
  active: boolean;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  topic: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | undefined;
  lastError: string | undefined;
  createdAt: string;
  deliveredAt: string | undefined;
}

interface SubscriptionRow {
  id: string;
  url: string;
  topics: string[];
  secret: string;
  active: boolean;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  topic: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const toSubscription = (row: SubscriptionRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  topics: row.topics,
  secret: row.secret,
  active: row.active,
  createdAt: iso(row.created_at)!,
});

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  topic: row.topic,
  eventType: row.event_type,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.last_status ?? undefined,
  lastError: row.last_error ?? undefined,
  createdAt: iso(row.created_at)!,
  deliveredAt: iso(row.delivered_at),
});

export class WebhookRepository {
  constructor(private readonly db: Database) {}

  async subscribe(tenantId: string, subscription: Omit<WebhookSubscription, 'createdAt' | 'active'>) {
    const [row] = await this.db.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (tenant_id, id, url, topics, secret) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [tenantId, subscription.id, subscription.url, subscription.topics, subscription.secret],
    );
    return toSubscription(row!);
  }

  async subscriptions(tenantId: string): Promise<WebhookSubscription[]> {
    const rows = await this.db.query<SubscriptionRow>(
      'SELECT * FROM webhook_subscriptions WHERE tenant_id = $1 AND active ORDER BY created_at, id',
      [tenantId],
    );
    return rows.map(toSubscription);
  }

  async subscription(tenantId: string, id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.query<SubscriptionRow>(
      'SELECT * FROM webhook_subscriptions WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row && toSubscription(row);
  }

  /** Stops a subscription (its past deliveries stay listed). False when there was no active one. */
  async unsubscribe(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE webhook_subscriptions SET active = false WHERE tenant_id = $1 AND id = $2 AND active RETURNING id',
      [tenantId, id],
    );
    return rows.length > 0;
  }

  /** Records a delivery once per subscription and event; false when it was already recorded. */
  async addDelivery(
    tenantId: string,
    delivery: Pick<WebhookDelivery, 'id' | 'subscriptionId' | 'eventId' | 'topic' | 'eventType' | 'body'>,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, topic, event_type, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT DO NOTHING RETURNING id`,
      [
        tenantId,
        delivery.id,
        delivery.subscriptionId,
        delivery.eventId,
        delivery.topic,
        delivery.eventType,
        delivery.body,
      ],
    );
    return rows.length > 0;
  }

  async delivery(tenantId: string, id: string): Promise<WebhookDelivery | undefined> {
    const [row] = await this.db.query<DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row && toDelivery(row);
  }

  /** Deliveries newest first, optionally only those with one status (`dead` is the dead-letter list). */
  async deliveries(tenantId: string, status?: DeliveryStatus, limit = 100): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow>(
      `SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [tenantId, status ?? null, limit],
    );
    return rows.map(toDelivery);
  }

  /** Counts one attempt and its outcome; `delivered` closes the delivery. */
  async attempted(
    tenantId: string,
    id: string,
    outcome: { delivered: boolean; status?: number | undefined; error?: string | undefined },
  ) {
    await this.db.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $3, last_error = $4,
         status = CASE WHEN $5 THEN 'delivered' ELSE status END,
         delivered_at = CASE WHEN $5 THEN now() ELSE delivered_at END
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, outcome.status ?? null, outcome.error ?? null, outcome.delivered],
    );
  }

  /** Moves a delivery to the dead-letter list, or back to pending (attempts from zero) for a re-send. */
  async setStatus(tenantId: string, id: string, status: 'dead' | 'pending'): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE webhook_deliveries SET status = $3,
         attempts = CASE WHEN $3 = 'pending' THEN 0 ELSE attempts END WHERE tenant_id = $1 AND id = $2 AND status <> 'delivered'
       RETURNING id`,
      [tenantId, id, status],
    );
    return rows.length > 0;
  }
}
