// Lookups that several routes share, each scoped by tenant and, for customers, by ownership: another
// customer's conversation is reported exactly like a missing one, so ids cannot be probed.
import type { FastifyRequest } from 'fastify';
import { DeskError } from '../../errors.js';
import { ownsCustomer } from '../../security/index.js';
import type { ConversationRecord, Stores } from '../../store/index.js';
import { principalOf } from '../plugins/auth.js';

export async function visibleConversation(
  stores: Stores,
  tenantId: string,
  request: FastifyRequest,
  threadId: string,
): Promise<ConversationRecord> {
  const conversation = await stores.conversations.get(tenantId, threadId);
  if (!conversation || !ownsCustomer(principalOf(request), conversation.customerId)) {
    throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
  }
  return conversation;
}

/** The customer a request acts for: a customer is always themselves; staff must name one. */
export function actingCustomer(request: FastifyRequest, customerId: string | undefined): string {
  const principal = principalOf(request);
  if (principal.role === 'customer') {
    if (customerId !== undefined && customerId !== principal.subject) {
      throw new DeskError('FORBIDDEN', 'A customer may only write as themselves');
    }
    return principal.subject;
  }
  if (!customerId) {
    throw new DeskError('VALIDATION_FAILED', 'Name the customer (customerId) this conversation is for', {
      fields: [{ field: 'body.customerId', message: 'required for staff' }],
    });
  }
  return customerId;
}
