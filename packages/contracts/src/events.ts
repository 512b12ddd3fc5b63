// The event envelope (DESIGN §6) and its five topics, shared by the server, the web app and consumers.
import { z } from 'zod';

export const eventTopics = [
  'customer.requests',
  'agent.actions',
  'human.approvals',
  'system.analytics',
  'notifications.outbound',
] as const;

export type EventTopic = (typeof eventTopics)[number];

export const eventEnvelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  topic: z.enum(eventTopics),
  occurredAt: z.string().datetime({ offset: true }),
  tenantId: z.string().min(1),
  requestId: z.string().min(1),
  customerId: z.string().min(1).optional(),
  data: z.record(z.string(), z.unknown()),
  version: z.number().int().positive(),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
