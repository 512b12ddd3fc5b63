// Test support: the rows a store test needs around what it tests, a customer and a conversation with a request.
import { randomUUID } from 'node:crypto';
import {
  ConversationRepository,
  CustomerRepository,
  RequestRepository,
  type Database,
} from '../store/index.js';

/** A standard-tier customer (Ada) of the tenant. */
export async function seedCustomer(db: Database, tenantId: string, customerId: string): Promise<void> {
  await new CustomerRepository(db).upsert({
    tenantId,
    id: customerId,
    name: 'Ada',
    email: 'ada@example.com',
    tier: 'standard',
    postcode: '1',
    phone: '',
  });
}

/** A new conversation of the customer with one request on it. */
export async function seedConversationWithRequest(
  db: Database,
  tenantId: string,
  customerId: string,
): Promise<{ threadId: string; requestId: string }> {
  const threadId = `th_${randomUUID()}`;
  const requestId = `req_${randomUUID()}`;
  await new ConversationRepository(db).create(tenantId, threadId, customerId);
  await new RequestRepository(db).create(tenantId, {
    id: requestId,
    conversationId: threadId,
    customerId,
    text: 'Where is my parcel?',
  });
  return { threadId, requestId };
}
