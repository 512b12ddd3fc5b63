// Builds the event envelope (DESIGN §6) every event the desk writes to its outbox carries.
import { createHash, randomUUID } from 'node:crypto';
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';

/** An event envelope; a `stableKey` makes the id deterministic so a repeated step adds no duplicate. */
export function makeEvent(
  run: { tenantId: string; requestId: string; customerId?: string },
  topic: EventTopic,
  type: string,
  data: Record<string, unknown>,
  stableKey?: string,
): EventEnvelope {
  return {
    id: stableKey ? uuidFrom(stableKey) : randomUUID(),
    type,
    topic,
    occurredAt: new Date().toISOString(),
    tenantId: run.tenantId,
    requestId: run.requestId,
    ...(run.customerId ? { customerId: run.customerId } : {}),
    data,
    version: 1,
  };
}

function uuidFrom(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
