// Outbound webhooks: each event goes to every subscription of its tenant that asked for its topic, as one
// recorded delivery per subscription and event, POSTed and signed by a retried task; after the last failed
// attempt the delivery is dead (listed, and re-sendable through the API).
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import type { Task, TaskQueue } from '../../jobs/index.js';
import type { Logger } from '../../logger.js';
import type { Stores, WebhookDelivery } from '../../store/index.js';
import type { EventListener } from '../hub.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface WebhookOptions {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

const payload = z.object({ tenantId: z.string().min(1), deliveryId: z.string().min(1) });

export class WebhookDispatcher implements EventListener {
  readonly name = 'webhooks';
  readonly deliverTask: Task<z.infer<typeof payload>>;

  constructor(
    private readonly deps: { stores: Stores; tasks: TaskQueue; logger: Logger; fetch?: typeof fetch },
    private readonly options: WebhookOptions,
  ) {
    this.deliverTask = {
      name: 'webhook.deliver',
      payload,
      attempts: options.attempts,
      backoffMs: options.backoffMs,
      run: (job) => this.attempt(job.tenantId, job.deliveryId),
    };
  }

  async onEvent(event: EventEnvelope): Promise<void> {
    const { stores, tasks } = this.deps;
    const subscriptions = await stores.webhooks.subscriptions(event.tenantId);
    for (const subscription of subscriptions) {
      if (!subscription.topics.includes(event.topic) && !subscription.topics.includes('*')) continue;
      const deliveryId = `whd_${randomUUID().replace(/-/g, '')}`;
      const added = await stores.webhooks.addDelivery(event.tenantId, {
        id: deliveryId,
        subscriptionId: subscription.id,
        eventId: event.id,
        topic: event.topic,
        eventType: event.type,
        body: JSON.stringify(event),
      });
      if (added)
        await tasks.enqueue(
          this.deliverTask,
          { tenantId: event.tenantId, deliveryId },
          { jobId: deliveryId },
        );
    }
  }

  /** Puts a dead (or pending) delivery back in the queue with a fresh set of attempts. */
  async resend(tenantId: string, deliveryId: string): Promise<WebhookDelivery> {
    const { stores, tasks } = this.deps;
    const delivery = await stores.webhooks.delivery(tenantId, deliveryId);
    if (!delivery) {
      throw new DeskError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${deliveryId}`, { deliveryId });
    }
    if (
      delivery.status === 'delivered' ||
      !(await stores.webhooks.setStatus(tenantId, deliveryId, 'pending'))
    ) {
      throw new DeskError('WEBHOOK_ALREADY_DELIVERED', `Delivery ${deliveryId} was already delivered`, {
        deliveryId,
      });
    }
    await tasks.enqueue(
      this.deliverTask,
      { tenantId, deliveryId },
      { jobId: `${deliveryId}-resend-${randomUUID().slice(0, 8)}` },
    );
    return (await stores.webhooks.delivery(tenantId, deliveryId))!;
  }

  /** One POST. Throws (so the queue retries) on anything but a 2xx answer. */
  private async attempt(tenantId: string, deliveryId: string): Promise<void> {
    const { stores, logger } = this.deps;
    const delivery = await stores.webhooks.delivery(tenantId, deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const subscription = await stores.webhooks.subscription(tenantId, delivery.subscriptionId);
    if (!subscription) return;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await (this.deps.fetch ?? fetch)(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Frontdesk-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(subscription.secret, delivery.body),
          'frontdesk-event-id': delivery.eventId,
          'frontdesk-event-type': delivery.eventType,
          'frontdesk-delivery-id': delivery.id,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status > 299) error = `receiver answered ${status}`;
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    await stores.webhooks.attempted(tenantId, deliveryId, { delivered: !error, status, error });
    if (!error) {
      logger.info({ deliveryId, eventId: delivery.eventId, status }, 'webhook delivered');
      return;
    }
    const attempts = delivery.attempts + 1;
    if (attempts >= this.options.attempts) {
      await stores.webhooks.setStatus(tenantId, deliveryId, 'dead');
      logger.warn({ deliveryId, eventId: delivery.eventId, attempts, err: error }, 'webhook delivery dead');
      return;
    }
    logger.warn({ deliveryId, attempts, err: error }, 'webhook delivery failed; will retry');
    throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
  }
}
