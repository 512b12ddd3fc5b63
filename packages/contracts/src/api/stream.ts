// What a conversation stream carries. Durable events have `id` = the outbox sequence number (send it back
// as Last-Event-ID to resume); live progress (node started/finished) has no id and is not replayed.
import { z } from 'zod';
import { streamEventTypes } from './stream-events.js';

export { streamEventTypes };

export const streamEventSchema = z.object({
  id: z.string().optional(),
  type: z.string(),
  threadId: z.string(),
  requestId: z.string().optional(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;

export const streamQuerySchema = z.strictObject({
  /** For clients that cannot set headers (EventSource, browsers' WebSocket). */
  access_token: z.string().max(4_096).optional(),
  /** A stream ticket (POST /v1/stream-tickets): preferred to the bearer token in a URL. */
  ticket: z.string().max(4_096).optional(),
  /** Same as the Last-Event-ID header. */
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
