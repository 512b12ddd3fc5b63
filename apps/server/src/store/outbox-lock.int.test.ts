// The conversation's event lock, named by the writer or looked up through the event's request: the same lock
// either way, so events of one conversation commit in the order of their seq whichever way each was written.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@frontdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, waitingForLock, type TestDatabase } from '../testing/databases.js';
import { seedConversationWithRequest, seedCustomer } from '../testing/conversations.js';
import { OutboxRepository } from './outbox.js';

const tenant = 'acme';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`a conversation's event lock on ${target.name}`, () => {
    let t: TestDatabase;
    let outbox: OutboxRepository;

    beforeAll(async () => {
      t = await target.open();
      outbox = new OutboxRepository(t.db);
      await seedCustomer(t.db, tenant, 'c1');
    });
    afterAll(async () => t?.dispose());

    /** A new conversation with one request, and an event of that request. */
    async function requestOnNewConversation() {
      const { threadId, requestId } = await seedConversationWithRequest(t.db, tenant, 'c1');
      const event = (name: string): EventEnvelope => ({
        id: `${name}:${randomUUID()}`,
        type: name,
        topic: 'agent.actions',
        occurredAt: new Date().toISOString(),
        tenantId: tenant,
        requestId,
        customerId: 'c1',
        data: { conversationId: threadId },
        version: 1,
      });
      return { threadId, event };
    }

    const seqOf = async (id: string) =>
      (await t.db.query<{ seq: string }>('SELECT seq FROM outbox WHERE id = $1', [id])).map((row) =>
        Number(row.seq),
      )[0];

    it('stores an event whose writer names its conversation once, as one whose writer does not', async () => {
      const { threadId, event } = await requestOnNewConversation();
      const named = event('agent.decided');
      await outbox.append(named, t.db, { conversationId: threadId });
      await outbox.append(named, t.db, { conversationId: threadId });
      const unnamed = event('agent.tool_called');
      await outbox.append(unnamed);
      expect(await outbox.forRequest(tenant, named.requestId)).toEqual([named, unnamed]);
    });

    // Only a server has writers that wait on each other (the embedded database runs one statement at a time).
    if (target.name === 'postgres')
      it('makes an event named by its conversation wait for one written through its request, and follow it', async () => {
        const { threadId, event } = await requestOnNewConversation();
        const first = event('agent.decided');
        const second = event('agent.tool_called');
        const early = await t.db.pool.connect();
        try {
          // The first event's writer holds the lock it found through the request, and has not committed.
          await early.query('BEGIN');
          const looked = outbox.insertOf(first);
          await early.query(looked.sql, looked.params);
          const named = outbox.append(second, t.db, { conversationId: threadId });
          await waitingForLock(t, 'the event');
          expect(await seqOf(second.id)).toBeUndefined();
          await early.query('COMMIT');
          await named;
        } finally {
          early.release();
        }
        expect(await seqOf(second.id)).toBeGreaterThan((await seqOf(first.id))!);
      });
  });
}
