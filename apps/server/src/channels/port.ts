// The channel port: how customers reach the desk (email, later Teams or WhatsApp) and how the team is told
// (Slack), plus the few things channels need from the rest of the desk, declared here so runtime.ts can
// point them at whichever part owns them (today the desk, later runs/ and the event bus).
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';

/** Where a customer's message enters a conversation (the desk's or runs' intake). */
export interface ConversationIntake {
  /**
   * Stores the message as a request on `threadId` (or a new thread) and starts or queues its run. Throws
   * THREAD_NOT_FOUND when the thread is not this customer's, VALIDATION_FAILED for unusable text. With
   * `requestId`, a message already stored under it is not stored again: its request is returned.
   */
  accept(input: {
    customerId: string;
    text: string;
    threadId?: string | undefined;
    requestId?: string | undefined;
  }): Promise<{ threadId: string; requestId: string }>;
}

/** Answers an approval exactly as the dashboard's API does (same checks, same audit, same resume). */
export interface ApprovalAnswering {
  answer(
    approvalId: string,
    input: { decision: 'approve' | 'reject'; by: string; role: string; feedback?: string },
  ): Promise<void>;
}

/** Where channels learn of what happened: the event bus (at least once, so consumers are idempotent). */
export interface ChannelEvents {
  subscribe(topic: EventTopic | '*', handler: (event: EventEnvelope) => Promise<void> | void): () => void;
}

/** A reply the desk delivered on a conversation (a `reply.sent` event on `notifications.outbound`). */
export interface OutboundReply {
  tenantId: string;
  conversationId: string;
  requestId: string;
  customerId: string | undefined;
  /** The desk's message id: delivering the same one twice sends nothing the second time. */
  messageId: string;
  text: string;
}

/**
 * A customer channel. It takes messages in on its own (a port, a webhook route) and hands them to the
 * intake; the hub gives it every delivered reply, and it sends those on the conversations it carries.
 */
export interface Channel {
  readonly name: string;
  /**
   * Sends (or queues) `reply` when the conversation came in through this channel. Returns `not-mine`
   * otherwise. Idempotent by message id. Throws only when the reply could not even be queued.
   */
  deliver(reply: OutboundReply): Promise<'queued' | 'not-mine'>;
  /** Starts listening (a port, a poller); a channel with nothing to listen on resolves at once. */
  start(): Promise<void>;
  /** Stops listening. Idempotent. */
  close(): Promise<void>;
}

/** Reads a `reply.sent` event into an outbound reply, or undefined for any other event. */
export function outboundReplyOf(event: EventEnvelope): OutboundReply | undefined {
  if (event.topic !== 'notifications.outbound' || event.type !== 'reply.sent') return undefined;
  const { conversationId, messageId, text } = event.data;
  if (typeof conversationId !== 'string' || typeof messageId !== 'string' || typeof text !== 'string') {
    return undefined;
  }
  return {
    tenantId: event.tenantId,
    conversationId,
    requestId: event.requestId,
    customerId: event.customerId,
    messageId,
    text,
  };
}
