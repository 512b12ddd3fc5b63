// Repository conformance: the same specification runs on the embedded database and on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { emptyCheckpoint } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import {
  ActionLedger,
  ApprovalRepository,
  ArticleRepository,
  AssignmentRepository,
  AuditRepository,
  ConversationRepository,
  CustomerRepository,
  DecisionRepository,
  OutboxRepository,
  RequestRepository,
  BatchedPostgresSaver,
  migrate,
  settlementStatement,
  wasSettled,
  writeTogether,
} from './index.js';

const tenant = 'acme';

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`store on ${target.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await target.open();
      const customers = new CustomerRepository(t.db);
      await customers.upsert({
        tenantId: tenant,
        id: 'c1',
        name: 'Ada',
        email: 'ada@example.com',
        tier: 'vip',
        postcode: '1',
        phone: '',
      });
      await customers.upsert({
        tenantId: tenant,
        id: 'c2',
        name: 'Bo',
        email: 'bo@example.com',
        tier: 'standard',
        postcode: '2',
        phone: '',
      });
      await customers.upsertOrder(tenant, {
        id: 'o1',
        customerId: 'c1',
        status: 'delivered',
        currency: 'USD',
        totalMinor: 74_900,
        lines: [{ sku: 's1', quantity: 1, unitPriceMinor: 74_900 }],
        shippingAddress: { city: 'Springfield' },
        placedAt: '2026-10-01T10:00:00Z',
        deliveredAt: '2026-10-04T10:00:00Z',
      });
    });
    afterAll(async () => t?.dispose());

    it('applies migrations once, however often it is asked', async () => {
      expect(await migrate(t.db)).toEqual([]);
    });

    it('finds customers with their orders and answers undefined for unknown ids', async () => {
      const customers = new CustomerRepository(t.db);
      expect((await customers.get(tenant, 'c1'))?.tier).toBe('vip');
      expect(await customers.get(tenant, 'nobody')).toBeUndefined();
      expect(await customers.get('other-tenant', 'c1')).toBeUndefined();
      const [order] = await customers.orders(tenant, 'c1');
      expect(order).toMatchObject({ id: 'o1', totalMinor: 74_900, refundedMinor: 0, status: 'delivered' });
    });

    it('ranks the article that shares the most words with a question first', async () => {
      const articles = new ArticleRepository(t.db);
      await articles.upsert(tenant, {
        id: 'reset-password',
        title: 'Reset your password',
        category: 'passwords',
        body: 'Use the forgot password link to reset it.',
        visibility: 'public',
      });
      await articles.upsert(tenant, {
        id: 'shipping',
        title: 'Delivery times',
        category: 'shipping',
        body: 'Orders ship in two days.',
        visibility: 'public',
      });
      await articles.upsert(tenant, {
        id: 'internal',
        title: 'Password tooling',
        category: 'passwords',
        body: 'Internal password notes.',
        visibility: 'internal',
      });
      const hits = await articles.search(tenant, 'How do I reset my password?');
      expect(hits[0]?.id).toBe('reset-password');
      expect(hits.map((hit) => hit.id)).not.toContain('internal');
      expect(await articles.search(tenant, 'zebra quantum')).toEqual([]);
      expect(await articles.search(tenant, "'); DROP TABLE articles; --")).toEqual([]);
    });

    it('writes an article again only when its content changed', async () => {
      const articles = new ArticleRepository(t.db);
      const article = { id: 'a-hash', title: 'T', category: 'c', body: 'b', visibility: 'public' as const };
      expect(await articles.upsert(tenant, article)).toBe(true);
      expect(await articles.upsert(tenant, article)).toBe(false);
      expect(await articles.upsert(tenant, { ...article, body: 'changed' })).toBe(true);
    });

    it("searches only the same customer's other conversations", async () => {
      const conversations = new ConversationRepository(t.db);
      await conversations.create(tenant, 'th-old-c1', 'c1');
      await conversations.create(tenant, 'th-old-c2', 'c2');
      await conversations.create(tenant, 'th-now', 'c1');
      await conversations.addMessage(tenant, {
        conversationId: 'th-old-c1',
        role: 'customer',
        text: 'My espresso machine leaks water',
      });
      await conversations.addMessage(tenant, {
        conversationId: 'th-old-c2',
        role: 'customer',
        text: 'My espresso machine leaks badly',
      });
      await conversations.addMessage(tenant, {
        conversationId: 'th-now',
        role: 'customer',
        text: 'espresso machine leaks again',
      });
      const hits = await conversations.searchPast(tenant, 'espresso leaks', 'c1', 'th-now');
      expect(hits.map((hit) => hit.conversationId)).toEqual(['th-old-c1']);
    });

    it('lets exactly one of two answers to a pending approval win', async () => {
      const conversations = new ConversationRepository(t.db);
      await conversations.create(tenant, 'th-approval', 'c1');
      const approvals = new ApprovalRepository(t.db);
      const id = randomUUID();
      const approval = {
        id,
        conversationId: 'th-approval',
        requestId: 'r1',
        customerId: 'c1',
        kind: 'review' as const,
        reason: 'refund over limit',
        reasons: ['refund over limit'],
        proposedAction: { kind: 'refund', amountMinor: 74_900 },
        proposedReply: undefined,
        allowedRoles: ['approver', 'admin'],
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      };
      await approvals.create(tenant, approval);
      await approvals.create(tenant, approval);
      expect((await approvals.pending(tenant)).filter((a) => a.id === id)).toHaveLength(1);
      const answers = await Promise.all([
        approvals.answer(tenant, id, { status: 'approved', by: 'u1', role: 'approver', detail: {} }),
        approvals.answer(tenant, id, { status: 'rejected', by: 'u2', role: 'approver', detail: {} }),
      ]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect((await approvals.get(tenant, id))?.status).not.toBe('pending');
      expect(await approvals.overdue(tenant, new Date(Date.now() + 7_200_000))).toEqual([]);
    });

    it('performs an action once per idempotency key, even when asked concurrently', async () => {
      const ledger = new ActionLedger(t.db);
      const customers = new CustomerRepository(t.db);
      const refund = () =>
        ledger.perform(
          tenant,
          { key: 'refund:o1:1', kind: 'refund', conversationId: 'th-approval', requestId: 'r1' },
          async (tx) => {
            const ok = await customers.addRefund(tenant, 'o1', 10_000, tx);
            return { ok };
          },
        );
      const outcomes = await Promise.all([refund(), refund(), refund()]);
      expect(outcomes.filter((o) => o.performed)).toHaveLength(1);
      expect(outcomes.every((o) => o.result.ok === true)).toBe(true);
      expect((await customers.order(tenant, 'o1'))?.refundedMinor).toBe(10_000);
      expect(await ledger.count(tenant, 'refund', 'th-approval')).toBe(1);
    });

    it('never refunds more than the order total', async () => {
      const customers = new CustomerRepository(t.db);
      expect(await customers.addRefund(tenant, 'o1', 1_000_000, t.db)).toBe(false);
    });

    it('rolls back every write of a failed transaction', async () => {
      const audit = new AuditRepository(t.db);
      await expect(
        t.db.transaction(async (tx) => {
          await audit.record(
            tenant,
            { actor: 'x', actorRole: 'admin', action: 'probe', subjectType: 't', subjectId: 'rollback' },
            tx,
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await audit.forSubject(tenant, 't', 'rollback')).toEqual([]);
    });

    it('writes several writes as one statement that returns what its last write returns', async () => {
      const conversations = new ConversationRepository(t.db);
      const requests = new RequestRepository(t.db);
      const rows = await writeTogether(t.db, async (q) => {
        await conversations.create(tenant, 'th-together', 'c2', q);
        expect(
          await requests.create(
            tenant,
            { id: 'req-together', conversationId: 'th-together', customerId: 'c2', text: 'hi' },
            q,
          ),
        ).toBeUndefined();
      });
      const created = requests.created(rows);
      expect(created).toMatchObject({
        id: 'req-together',
        conversationId: 'th-together',
        runStatus: 'queued',
      });
      expect(created).toEqual(await requests.get(tenant, 'req-together'));
      // A relaxed commit ends the statement with its own tail: nothing to return.
      expect(
        await writeTogether(t.db, (q) => conversations.setStatus(tenant, 'th-together', 'open', q), {
          commit: 'relaxed',
        }),
      ).toEqual([]);
    });

    it('lets one run claim a request, oldest first per thread, and only that run take it up again', async () => {
      const requests = new RequestRepository(t.db);
      await new ConversationRepository(t.db).create(tenant, 'th-lease', 'c2');
      for (const id of ['req-lease-1', 'req-lease-2']) {
        await requests.create(tenant, { id, conversationId: 'th-lease', customerId: 'c2', text: 'hi' });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The newer request waits while the older one is open.
      expect(await requests.claimRun(tenant, 'req-lease-2', 'run-b')).toBeUndefined();
      const contenders = await Promise.all(
        ['run-a', 'run-c', 'run-d'].map((run) => requests.claimRun(tenant, 'req-lease-1', run)),
      );
      expect(contenders.filter(Boolean)).toHaveLength(1);
      const winner = ['run-a', 'run-c', 'run-d'][contenders.findIndex(Boolean)]!;
      // A retry of the winning run (its process died) takes it up again; no other run does.
      expect(await requests.claimRun(tenant, 'req-lease-1', winner)).toMatchObject({
        request: { runStatus: 'running', attempts: 2 },
        held: false,
      });
      expect(await requests.claimRun(tenant, 'req-lease-1', 'run-z')).toBeUndefined();
      expect(await requests.runIdOf(tenant, 'req-lease-1')).toBe(winner);
      await requests.markSettled(tenant, 'req-lease-1', {
        runStatus: 'waiting',
        outcome: 'awaiting_approval',
      });
      // Behind a request waiting for a person, the next one is claimed and told what it waits behind.
      expect(await requests.claimRun(tenant, 'req-lease-2', 'run-b')).toMatchObject({
        waitingBehind: 'req-lease-1',
      });
      expect(await requests.queueResume(tenant, 'req-lease-1')).toBe(true);
      expect(await requests.queueResume(tenant, 'req-lease-1')).toBe(false);
      expect((await requests.nextQueued(tenant, 'th-lease'))?.id).toBe('req-lease-1');
      expect(await requests.claimRun(tenant, 'missing', 'run-a')).toBeUndefined();
    });

    it('tells with the claim whether a person holds the thread', async () => {
      const requests = new RequestRepository(t.db);
      await new ConversationRepository(t.db).create(tenant, 'th-held', 'c2');
      await requests.create(tenant, {
        id: 'req-held',
        conversationId: 'th-held',
        customerId: 'c2',
        text: 'hi',
      });
      await t.db.transaction((tx) =>
        new AssignmentRepository(t.db).assign(
          tenant,
          'th-held',
          { holder: 'sam', holderRole: 'agent', assignedBy: 'sam' },
          tx,
        ),
      );
      expect(await requests.claimRun(tenant, 'req-held', 'run-1')).toMatchObject({
        request: { id: 'req-held', runStatus: 'running' },
        held: true,
      });
    });

    it('tells with the claim whether the thread has a checkpoint yet', async () => {
      const requests = new RequestRepository(t.db);
      const saver = new PostgresSaver(t.db.pool);
      await new ConversationRepository(t.db).create(tenant, 'th-new', 'c2');
      for (const id of ['req-new-1', 'req-new-2'])
        await requests.create(tenant, { id, conversationId: 'th-new', customerId: 'c2', text: 'hi' });
      expect(await requests.claimRun(tenant, 'req-new-1', 'run-1')).toMatchObject({ threadStarted: false });
      // Its run stores a checkpoint; the thread's next request finds it.
      const checkpoint = emptyCheckpoint();
      await saver.put(
        { configurable: { thread_id: 'th-new', checkpoint_ns: '' } },
        checkpoint,
        {
          source: 'input',
          step: -1,
          parents: {},
        },
        {},
      );
      await requests.markSettled(tenant, 'req-new-1', { runStatus: 'done', outcome: 'delivered' });
      expect(await requests.claimRun(tenant, 'req-new-2', 'run-2')).toMatchObject({ threadStarted: true });
    });

    it('settles a finished run with its conversation and event in one statement, a claimed one only once', async () => {
      const requests = new RequestRepository(t.db);
      const conversations = new ConversationRepository(t.db);
      const outbox = new OutboxRepository(t.db);
      // With no checkpoint of the thread on its way, the saver stores the settlement on its own.
      const saver = new BatchedPostgresSaver(t.db.pool);
      const settleFinishedRun = async (settlement: Parameters<typeof settlementStatement>[1]) =>
        wasSettled(
          await saver.runCheckpointsStored('th-settle', {
            closing: settlementStatement(outbox, settlement),
          }),
        );
      await conversations.create(tenant, 'th-settle', 'c2');
      await requests.create(tenant, {
        id: 'req-settle',
        conversationId: 'th-settle',
        customerId: 'c2',
        text: 'hi',
      });
      await requests.claimRun(tenant, 'req-settle', 'run-1');
      const settlement = (eventId: string) => ({
        tenantId: tenant,
        requestId: 'req-settle',
        conversationId: 'th-settle',
        outcome: 'delivered' as const,
        reply: 'hello',
        conversationStatus: 'delivered',
        claimed: true,
        event: {
          id: eventId,
          type: 'request.settled',
          topic: 'system.analytics' as const,
          occurredAt: new Date().toISOString(),
          tenantId: tenant,
          requestId: 'req-settle',
          data: { status: 'delivered' },
          version: 1,
        },
      });
      const first = randomUUID();
      expect(await settleFinishedRun(settlement(first))).toBe(true);
      expect(await requests.get(tenant, 'req-settle')).toMatchObject({
        runStatus: 'done',
        outcome: 'delivered',
        reply: 'hello',
      });
      expect((await conversations.get(tenant, 'th-settle'))?.status).toBe('delivered');
      // A second runner of the same claim writes nothing: not the status, not a second event.
      await conversations.setStatus(tenant, 'th-settle', 'with_person');
      const second = randomUUID();
      expect(await settleFinishedRun(settlement(second))).toBe(false);
      expect((await conversations.get(tenant, 'th-settle'))?.status).toBe('with_person');
      const events = await t.db.query<{ id: string; seq: string }>(
        `SELECT id, seq FROM outbox WHERE request_id = 'req-settle' AND type = 'request.settled'`,
      );
      expect(events.map((event) => event.id)).toEqual([first]);
      // Relayed, so the other tests here see only their own events pending.
      await outbox.markDispatched(events.map((event) => Number(event.seq)));
    });

    it('keeps requests, decisions and outbox events in order', async () => {
      const requests = new RequestRepository(t.db);
      const decisions = new DecisionRepository(t.db);
      const outbox = new OutboxRepository(t.db);
      await new ConversationRepository(t.db).create(tenant, 'th-req', 'c2');
      await requests.create(tenant, { id: 'req-1', conversationId: 'th-req', customerId: 'c2', text: 'hi' });
      expect((await requests.unfinished(tenant)).map((r) => r.id)).toContain('req-1');
      expect((await requests.claimRun(tenant, 'req-1', 'run-1'))?.request.runStatus).toBe('running');
      await requests.markSettled(tenant, 'req-1', {
        runStatus: 'done',
        outcome: 'delivered',
        reply: 'hello',
      });
      expect(await requests.get(tenant, 'req-1')).toMatchObject({
        runStatus: 'done',
        attempts: 1,
        reply: 'hello',
      });
      expect((await requests.unfinished(tenant)).map((r) => r.id)).not.toContain('req-1');
      await decisions.insert(tenant, {
        id: 'd1',
        requestId: 'req-1',
        conversationId: 'th-req',
        agent: 'triage',
        outcome: 'password',
        confidence: 0.9,
        reasons: ['r'],
        durationMs: 1.5,
        at: new Date().toISOString(),
      });
      expect((await decisions.byConversation(tenant, 'th-req'))[0]).toMatchObject({
        agent: 'triage',
        reasons: ['r'],
      });
      for (const type of ['first', 'second']) {
        await outbox.append({
          id: randomUUID(),
          type,
          topic: 'agent.actions',
          occurredAt: new Date().toISOString(),
          tenantId: tenant,
          requestId: 'req-1',
          data: { type },
          version: 1,
        });
      }
      const pending = await outbox.pending();
      expect(pending.map((entry) => entry.event.type)).toEqual(['first', 'second']);
      await outbox.markDispatched(pending.map((entry) => entry.seq));
      expect(await outbox.pending()).toEqual([]);
      expect((await outbox.forRequest(tenant, 'req-1')).map((e) => e.type)).toEqual(['first', 'second']);
    });

    // Only where transactions run side by side: the embedded database has one connection, so they take turns.
    if (target.name === 'postgres')
      it("commits a conversation's events in the order of their seq, so a stream reading between never passes one by", async () => {
        const requests = new RequestRepository(t.db);
        const outbox = new OutboxRepository(t.db);
        await new ConversationRepository(t.db).create(tenant, 'th-turns', 'c2');
        for (const id of ['req-turn-1', 'req-turn-2']) {
          await requests.create(tenant, { id, conversationId: 'th-turns', customerId: 'c2', text: 'hi' });
        }
        const event = (type: string, requestId: string) => ({
          id: randomUUID(),
          type,
          topic: 'agent.actions' as const,
          occurredAt: new Date().toISOString(),
          tenantId: tenant,
          requestId,
          data: {},
          version: 1,
        });
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let written!: () => void;
        const firstWritten = new Promise<void>((resolve) => (written = resolve));
        // The first writer has its event (and its seq) but has not committed yet.
        const first = t.db.transaction(async (tx) => {
          await outbox.append(event('turn-first', 'req-turn-1'), tx);
          tx.beforeCommit!(async () => {
            written();
            await held;
          });
        });
        await firstWritten;
        const second = outbox.append(event('turn-second', 'req-turn-2'));
        const raced = await Promise.race([
          second.then(() => 'committed'),
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
        ]);
        expect(raced).toBe('waiting');
        expect(await outbox.forRequest(tenant, 'req-turn-2')).toEqual([]);
        release();
        await Promise.all([first, second]);
        const seqs = (await outbox.pending())
          .filter((entry) => entry.event.type.startsWith('turn-'))
          .map((entry) => entry.event.type);
        expect(seqs).toEqual(['turn-first', 'turn-second']);
      });
  });
}
