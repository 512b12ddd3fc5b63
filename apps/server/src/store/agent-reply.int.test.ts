// An agent's reply in one statement under the conversation's lock, on both databases: written with its event
// while the agents hold the conversation, refused (nothing written) while a person does, and refused when a
// claim commits while the reply waits for the lock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversationWithRequest, seedCustomer } from '../testing/conversations.js';
import { databasesUnderTest, waitingForLock, type TestDatabase } from '../testing/databases.js';
import { writeAgentReply, type AgentReply } from './agent-reply.js';
import { AssignmentRepository } from './assignments.js';
import { OutboxRepository } from './outbox.js';

const tenant = 'acme';
const kim = { holder: 'kim', holderRole: 'agent', assignedBy: 'kim' };

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`an agent's reply on ${target.name}`, () => {
    let t: TestDatabase;
    let assignments: AssignmentRepository;
    let outbox: OutboxRepository;

    beforeAll(async () => {
      t = await target.open();
      assignments = new AssignmentRepository(t.db);
      outbox = new OutboxRepository(t.db);
      await seedCustomer(t.db, tenant, 'c1');
    });
    afterAll(async () => t?.dispose());

    /** A new conversation with one request, and the reply an agent would write on it. */
    async function conversationWithRequest(): Promise<{ threadId: string; reply: () => AgentReply }> {
      const { threadId, requestId } = await seedConversationWithRequest(t.db, tenant, 'c1');
      const messageId = `msg_${randomUUID()}`;
      const reply = (): AgentReply => ({
        tenantId: tenant,
        conversationId: threadId,
        requestId,
        messageId,
        text: 'It arrives on Friday.',
        event: {
          id: `reply.sent:${messageId}`,
          type: 'reply.sent',
          topic: 'notifications.outbound',
          occurredAt: new Date().toISOString(),
          tenantId: tenant,
          requestId,
          customerId: 'c1',
          data: { conversationId: threadId, messageId },
          version: 1,
        },
      });
      return { threadId, reply };
    }

    /** The agent messages and `reply.sent` events stored on the conversation. */
    const written = async (threadId: string) => ({
      messages: (
        await t.db.query<{ id: string }>(
          `SELECT id FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND role = 'agent'`,
          [tenant, threadId],
        )
      ).length,
      events: (
        await t.db.query<{ id: string }>(
          `SELECT id FROM outbox WHERE tenant_id = $1 AND type = 'reply.sent' AND data->>'conversationId' = $2`,
          [tenant, threadId],
        )
      ).length,
    });

    const hold = (threadId: string) =>
      t.db.transaction(async (tx) => {
        await assignments.lock(tenant, threadId, tx);
        await assignments.assign(tenant, threadId, kim, tx);
      });

    it('writes the message and the event that sends it, once however often it is written', async () => {
      const { threadId, reply } = await conversationWithRequest();
      expect(await writeAgentReply(t.db, outbox, reply())).toEqual({ written: true });
      expect(await writeAgentReply(t.db, outbox, reply())).toEqual({ written: true });
      expect(await written(threadId)).toEqual({ messages: 1, events: 1 });
    });

    it('writes nothing while a person holds the conversation, and writes again once they let it go', async () => {
      const { threadId, reply } = await conversationWithRequest();
      await hold(threadId);
      expect(await writeAgentReply(t.db, outbox, reply())).toEqual({ written: false, heldBy: 'kim' });
      expect(await written(threadId)).toEqual({ messages: 0, events: 0 });
      await t.db.transaction(async (tx) => {
        await assignments.lock(tenant, threadId, tx);
        await assignments.release(tenant, threadId, tx);
      });
      expect(await writeAgentReply(t.db, outbox, reply())).toEqual({ written: true });
      expect(await written(threadId)).toEqual({ messages: 1, events: 1 });
    });

    it('is refused when a claim commits while the reply waits for the conversation', async () => {
      const { threadId, reply } = await conversationWithRequest();
      let replying: ReturnType<typeof writeAgentReply> | undefined;
      await t.db.transaction(async (tx) => {
        await assignments.lock(tenant, threadId, tx);
        await assignments.assign(tenant, threadId, kim, tx);
        // Sent while the claim holds the lock: on PostgreSQL the statement starts (its snapshot without the
        // claim) and waits for the row; the embedded database runs one session, so it waits its turn.
        replying = writeAgentReply(t.db, outbox, reply());
        if (t.db.kind === 'postgres') await waitingForLock(t, 'the reply');
      });
      expect(await replying).toEqual({ written: false, heldBy: 'kim' });
      expect(await written(threadId)).toEqual({ messages: 0, events: 0 });
    });

    it('reports a reply on a missing conversation as neither written nor held', async () => {
      const { reply } = await conversationWithRequest();
      expect(await writeAgentReply(t.db, outbox, { ...reply(), conversationId: 'th_missing' })).toEqual({
        written: false,
      });
    });
  });
}
