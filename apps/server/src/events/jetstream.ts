// The event bus on NATS JetStream: one stream per topic (subjects `<prefix>.<topic>.<tenant>`), the event id
// as the message id (the server drops a repeat within the duplicate window), a durable pull consumer per group
// with explicit ack and one event in flight, a dead-letter stream, and ordered consumers for replay.
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import { eventTopics } from '@frontdesk/contracts';
import type { Logger } from '../logger.js';
import { contextFrom, inSpan, SpanKind, traceCarrier } from '../observability/tracing.js';
import {
  checkGroupName,
  defaultDelivery,
  errorText,
  HandledInMemory,
  type DeadLetter,
  type DeliveryOptions,
  type EventBus,
  type EventHandler,
  type GroupMember,
  type HandledEvents,
  type ReplayFrom,
  type ReplayHandler,
} from './bus.js';

export interface JetStreamBusOptions extends DeliveryOptions {
  /** NATS server URL(s), comma-separated. */
  servers: string;
  /** Subject prefix; stream names are its upper-case form (`frontdesk` → `FRONTDESK_CUSTOMER_REQUESTS`). */
  prefix: string;
  logger: Logger;
  duplicateWindowMs?: number;
  /** How long a delivered event may stay unacknowledged before JetStream delivers it again. Default 30 s. */
  ackWaitMs?: number;
  /**
   * Where groups record the events they handled. The runtime gives the database's ledger: a redelivery can
   * reach another process, or this one after a restart. Default: this process's memory.
   */
  handled?: HandledEvents;
}

export class JetStreamEventBus implements EventBus {
  private readonly members = new Set<() => Promise<void>>();
  private readonly maxDeliveries: number;
  private readonly redeliveryDelayMs: number;
  private readonly handled: HandledEvents;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: JetStreamBusOptions,
  ) {
    this.maxDeliveries = options.maxDeliveries ?? defaultDelivery.maxDeliveries;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? defaultDelivery.redeliveryDelayMs;
    this.handled = options.handled ?? new HandledInMemory();
  }

  /** Connects (retrying for ever once connected) and creates the topic and dead-letter streams if missing. */
  static async open(options: JetStreamBusOptions): Promise<JetStreamEventBus> {
    const nc = await connect({
      servers: options.servers.split(',').map((server) => server.trim()),
      name: 'frontdesk-events',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const bus = new JetStreamEventBus(nc, jetstream(nc), jsm, options);
      await bus.ensureStreams();
      return bus;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** The publisher's trace context travels in the message headers (W3C `traceparent`, `tracestate`). */
  async publish(event: EventEnvelope): Promise<void> {
    const carrier = traceCarrier();
    const traceHeaders = carrier ? headers() : undefined;
    if (carrier && traceHeaders) {
      traceHeaders.set('traceparent', carrier.traceparent);
      if (carrier.tracestate) traceHeaders.set('tracestate', carrier.tracestate);
    }
    await this.js.publish(this.subject(event.topic, event.tenantId), JSON.stringify(event), {
      msgID: event.id,
      ...(traceHeaders ? { headers: traceHeaders } : {}),
    });
  }

  async consume(group: string, topic: EventTopic, handler: EventHandler): Promise<GroupMember> {
    const durable = checkGroupName(group);
    const stream = this.stream(topic);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: this.maxDeliveries,
      // One event in flight per group: the next waits until this one is acknowledged or dead-lettered.
      max_ack_pending: 1,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
    };
    try {
      await this.jsm.consumers.info(stream, durable);
      await this.jsm.consumers.update(stream, durable, {
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
        ack_wait: config.ack_wait,
      });
    } catch {
      await this.jsm.consumers.add(stream, config);
    }
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 1 });
    const loop = (async () => {
      for await (const message of messages) await this.handle(group, topic, message, handler);
    })().catch((error: unknown) =>
      this.options.logger.warn({ err: error, group, topic }, 'consumer stopped'),
    );
    const stop = async () => {
      this.members.delete(stop);
      await messages.close();
      await loop;
    };
    this.members.add(stop);
    return { stop };
  }

  async deadLetters(group: string, topic: EventTopic): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    await this.readStream(
      this.deadLetterStream(),
      `${this.options.prefix}.dead-letters.${group}.${topic}`,
      { deliver_policy: DeliverPolicy.All },
      (message) => void letters.push(message.json<DeadLetter>()),
    );
    return letters;
  }

  replay(
    topic: EventTopic,
    from: ReplayFrom,
    handler: ReplayHandler,
    options: { tenantId?: string } = {},
  ): Promise<number> {
    const start =
      'sequence' in from
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, from.sequence) }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.since.toISOString() };
    return this.readStream(
      this.stream(topic),
      this.subject(topic, options.tenantId ?? '*'),
      start,
      (message) =>
        handler(message.json<EventEnvelope>(), {
          sequence: message.seq,
          storedAt: message.timestamp,
        }),
    );
  }

  subscribe(topic: EventTopic | '*', handler: EventHandler): () => void {
    const topics = topic === '*' ? eventTopics : [topic];
    const subscriptions = topics.map((each) =>
      this.nc.subscribe(this.subject(each, '*'), {
        callback: (error, message) => {
          if (error) return;
          try {
            Promise.resolve(handler(message.json<EventEnvelope>())).catch(() => undefined);
          } catch {
            // A tap must never break the connection's dispatch.
          }
        },
      }),
    );
    return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  }

  async close(): Promise<void> {
    await Promise.all([...this.members].map((stop) => stop()));
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private async handle(
    group: string,
    topic: EventTopic,
    message: JsMsg,
    handler: EventHandler,
  ): Promise<void> {
    const event = message.json<EventEnvelope>();
    try {
      if (await this.handled.has(group, event.id)) return message.ack();
      // Handled as a child of the publisher's span, when the message carries one.
      await inSpan(
        `${topic} process`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFrom({
            traceparent: message.headers?.get('traceparent'),
            tracestate: message.headers?.get('tracestate') || undefined,
          }),
          attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': group },
        },
        async () => handler(event),
      );
      // Recorded before the acknowledgement: if the ack is lost (or this process dies first), whichever
      // member gets the event again finds it handled.
      await this.handled.add(group, event.id);
      message.ack();
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries < this.maxDeliveries) return message.nak(this.redeliveryDelayMs);
      const letter: DeadLetter = { group, topic, event, error: errorText(error), deliveries };
      await this.js.publish(`${this.options.prefix}.dead-letters.${group}.${topic}`, JSON.stringify(letter), {
        msgID: `${group}:${event.id}`,
      });
      // No reason text: servers before 2.10 ignore a `+TERM` that carries one, and the group would stall.
      message.term();
      this.options.logger.warn({ group, topic, eventId: event.id, deliveries }, 'event dead-lettered');
    }
  }

  /** Reads a stream's messages on a subject from a start up to the newest one now, with an ordered consumer. */
  private async readStream(
    stream: string,
    subject: string,
    start: { deliver_policy: DeliverPolicy; opt_start_seq?: number; opt_start_time?: string },
    each: (message: JsMsg) => Promise<void> | void,
  ): Promise<number> {
    const consumer = await this.js.consumers.get(stream, { filter_subjects: subject, ...start });
    let handed = 0;
    for (;;) {
      const batch = await consumer.fetch({ max_messages: 256, expires: 1_000 });
      let last: JsMsg | undefined;
      for await (const message of batch) {
        await each(message);
        handed += 1;
        last = message;
        // Nothing more on the subject: stop now rather than wait for the fetch to expire.
        if (message.info.pending === 0) break;
      }
      if (!last || last.info.pending === 0) break;
    }
    await consumer.delete().catch(() => undefined);
    return handed;
  }

  private async ensureStreams(): Promise<void> {
    const window = nanos(this.options.duplicateWindowMs ?? 120_000);
    const streams = [
      ...eventTopics.map((topic) => ({ name: this.stream(topic), subjects: [this.subject(topic, '*')] })),
      { name: this.deadLetterStream(), subjects: [`${this.options.prefix}.dead-letters.>`] },
    ];
    for (const { name, subjects } of streams) {
      try {
        await this.jsm.streams.info(name);
      } catch {
        await this.jsm.streams.add({ name, subjects, storage: StorageType.File, duplicate_window: window });
      }
    }
  }

  private stream(topic: EventTopic): string {
    return `${this.options.prefix}_${topic.replace('.', '_')}`.toUpperCase().replaceAll('-', '_');
  }

  private deadLetterStream(): string {
    return `${this.options.prefix}_DEAD_LETTERS`.toUpperCase().replaceAll('-', '_');
  }

  private subject(topic: EventTopic, tenant: string): string {
    return `${this.options.prefix}.${topic}.${tenant}`;
  }
}
