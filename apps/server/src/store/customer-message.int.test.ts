// A customer's message on an existing conversation in one statement, on both databases: the message, its
// event and the queued request written together (or nothing, on a conversation that is gone), and the
// conversation's row locked before its events' lock, so a message arriving while a person's claim (or the
// agents' reply) holds the row waits for it instead of deadlocking with it.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversationWithRequest, seedCustomer } from '../testing/conversations.js';
import { databasesUnderTest, waitingForLock, type TestDatabase } from '../testing/databases.js';
import { AssignmentRepository } from './assignments.js';
import { writeCustomerMessage, type CustomerMessage } from './customer-message.js';
import { OutboxRepository } from './outbox.js';
import { RequestRepository } from './requests.js';

const tenant = 'acme';

const eventOf = (type: string, requestId: string, data: Record<string, unknown>): EventEnvelope => ({
  id: `${type}:${requestId}`,
  type,
  topic: 'customer.requests',
  occurredAt: new Date().toISOString(),
  tenantId: tenant,
  requestId,
  customerId: 'c1',
  data,
  version: 1,
});

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`a customer's message on ${target.name}`, () => {
    let t: TestDatabase;
    let stores: { outbox: OutboxRepository; requests: RequestRepository };

    beforeAll(async () => {
      t = await target.open();
      stores = { outbox: new OutboxRepository(t.db), requests: new RequestRepository(t.db) };
      await seedCustomer(t.db, tenant, 'c1');
    });
    afterAll(async () => t?.dispose());

    const messageOn = (conversationId: string): CustomerMessage => {
      const requestId = `req_${randomUUID()}`;
      return {
        tenantId: tenant,
        conversationId,
        customerId: 'c1',
        requestId,
        text: 'Where is my parcel?',
        event: eventOf('request.accepted', requestId, { conversationId, text: 'Where is my parcel?' }),
      };
    };

    /** The message, events and request stored under a request id. */
    const stored = async (requestId: string) => ({
      messages: await t.db.query<{ role: string; text: string }>(
        'SELECT role, text FROM messages WHERE tenant_id = $1 AND id = $2',
        [tenant, requestId],
      ),
      events: (
        await t.db.query<{ type: string }>(
          'SELECT type FROM outbox WHERE tenant_id = $1 AND request_id = $2',
          [tenant, requestId],
        )
      ).map((row) => row.type),
      request: await stores.requests.get(tenant, requestId),
    });

    it('writes the message, its event and the queued request, and returns the request as stored', async () => {
      const { threadId } = await seedConversationWithRequest(t.db, tenant, 'c1');
      const message = messageOn(threadId);
      const request = await writeCustomerMessage(t.db, stores, message);
      expect(request).toMatchObject({
        id: message.requestId,
        conversationId: threadId,
        customerId: 'c1',
        runStatus: 'queued',
      });
      const after = await stored(message.requestId);
      expect(after.messages).toEqual([{ role: 'customer', text: 'Where is my parcel?' }]);
      expect(after.events).toEqual(['request.accepted']);
      expect(after.request).toEqual(request);
    });

    it('writes nothing on a conversation that is gone', async () => {
      const message = messageOn('th_gone');
      expect(await writeCustomerMessage(t.db, stores, message)).toBeUndefined();
      expect(await stored(message.requestId)).toEqual({ messages: [], events: [], request: undefined });
    });

    it("waits for a claim holding the conversation's row, which then writes its own event", async () => {
      const { threadId } = await seedConversationWithRequest(t.db, tenant, 'c1');
      const message = messageOn(threadId);
      let writing: Promise<unknown> | undefined;
      await t.db.transaction(async (tx) => {
        await new AssignmentRepository(t.db).lock(tenant, threadId, tx);
        // Sent while the claim holds the row: on PostgreSQL it waits for the row, holding nothing the claim
        // needs; the embedded database runs one session, so it waits its turn.
        writing = writeCustomerMessage(t.db, stores, message);
        if (t.db.kind === 'postgres') await waitingForLock(t, 'the message');
        // The claim's event takes the conversation's events lock at commit: had the message taken that lock
        // before the row, each would wait for the other.
        const claimId = `claim_${randomUUID()}`;
        await stores.outbox.append(
          eventOf('conversation.claimed', claimId, { conversationId: threadId }),
          tx,
          {
            conversationId: threadId,
          },
        );
      });
      await expect(writing).resolves.toMatchObject({ id: message.requestId });
      expect((await stored(message.requestId)).events).toEqual(['request.accepted']);
    });
  });
}
