// The seed's three workflows, bad input, history and replay — on the embedded database and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../runtime.js';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import type { DeskResult } from './index.js';

const agents = (result: DeskResult) => result.decisions.map((decision) => decision.agent);
const decisionOf = (result: DeskResult, agent: string) =>
  result.decisions.find((decision) => decision.agent === agent);

async function refundsOf(runtime: Runtime, threadId: string) {
  return runtime.stores.actions.count(runtime.config.tenantId, 'refund', threadId);
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`support desk on ${target.name}`, () => {
    let t: TestRuntime;
    let desk: Runtime['desk'];
    beforeAll(async () => {
      t = await startTestRuntime(target);
      desk = t.runtime.desk;
    });
    afterAll(async () => t?.dispose());

    describe('password reset (workflow 1)', () => {
      it('streams the reply text to progress listeners while it is drafted', async () => {
        const deltas: string[] = [];
        const stop = desk.onProgress((progress) => {
          if (progress.type === 'reply.delta') deltas.push(progress.text);
        });
        try {
          const result = await desk.ask({ customerId: 'cus_12', text: 'How do I reset my password?' });
          expect(deltas.join('')).toContain('Reset your password');
          expect(result.reply?.startsWith(deltas.join(''))).toBe(true);
        } finally {
          stop();
        }
      });

      it('answers from the password article with its steps and delivers without a person', async () => {
        const result = await desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });
        expect(result.status).toBe('delivered');
        expect(decisionOf(result, 'triage')).toMatchObject({ outcome: 'password_reset' });
        expect(result.decisions.find((d) => d.agent === 'triage')?.reasons).toContain('priority 3');
        expect(decisionOf(result, 'quality')?.outcome).toBe('pass');
        expect(result.reply).toContain('Reset your password');
        expect(result.reply).toMatch(/1\. .*Forgot password/);
        expect(agents(result)).toEqual([
          'supervisor',
          'triage',
          'research',
          'solution',
          'quality',
          'deliver',
        ]);
        const messages = await t.runtime.stores.conversations.messages('demo', result.threadId);
        expect(messages.map((m) => m.role)).toEqual(['customer', 'agent']);
      });
    });

    describe('refund (workflow 2)', () => {
      let stated: DeskResult;
      let pending: DeskResult;

      it('states the refund of the item the customer names, and refunds nothing before their yes', async () => {
        stated = await desk.ask({
          customerId: 'cus_01',
          text: 'My espresso machine arrived damaged, I need a refund',
        });
        expect(stated.status).toBe('delivered');
        expect(stated.reply).toContain(
          'Refund $749.00 for 1 × Barista Pro Espresso Machine of order ord_1001 to the original payment method.',
        );
        expect(stated.reply).toContain('refund policy');
        expect(await refundsOf(t.runtime, stated.threadId)).toBe(0);
      });

      it('asks an approver once the customer confirms a refund above $500', async () => {
        pending = await desk.ask({ customerId: 'cus_01', text: 'Yes please', threadId: stated.threadId });
        expect(pending.status).toBe('awaiting_approval');
        expect(pending.approval).toMatchObject({
          allowedRoles: ['approver', 'admin'],
          proposedAction: { kind: 'refund', orderId: 'ord_1001', amountMinor: 74_900, currency: 'USD' },
        });
        expect(pending.approval?.reason).toContain('$749.00');
        expect(new Date(pending.approval!.deadline).getTime()).toBeGreaterThan(Date.now());
        expect(await refundsOf(t.runtime, pending.threadId)).toBe(0);
        expect((await desk.pendingApprovals()).map((a) => a.id)).toContain(pending.approval!.id);
      });

      it('refuses an answer from a role that may not approve refunds, changing nothing', async () => {
        await expect(
          desk.answerApproval(pending.approval!.id, { decision: 'approve', by: 'sam', role: 'agent' }),
        ).rejects.toMatchObject({ code: 'APPROVAL_ROLE_NOT_ALLOWED' });
        expect((await t.runtime.stores.approvals.get('demo', pending.approval!.id))?.status).toBe('pending');
      });

      it('refuses an edited refund the original could not have been, naming the field and changing nothing (issue 17 item 6)', async () => {
        const id = pending.approval!.id;
        const edit = (action: Record<string, unknown>) =>
          desk.answerApproval(id, {
            decision: 'edit',
            by: 'ana',
            role: 'approver',
            action: {
              kind: 'refund',
              id: 'edited',
              reason: 'damaged on arrival',
              currency: 'USD',
              ...action,
            },
          });
        const refused = (field: string) => ({
          code: 'APPROVAL_ANSWER_INVALID',
          details: { fields: [expect.objectContaining({ field })] },
        });
        // Another customer's order, more than the order cost, and a currency the order was not paid in.
        await expect(edit({ orderId: 'ord_1002', amountMinor: 8_950 })).rejects.toMatchObject(
          refused('action.orderId'),
        );
        await expect(edit({ orderId: 'ord_1001', amountMinor: 80_000 })).rejects.toMatchObject(
          refused('action.amountMinor'),
        );
        await expect(
          edit({ orderId: 'ord_1001', amountMinor: 10_000, currency: 'EUR' }),
        ).rejects.toMatchObject(refused('action.currency'));
        expect((await t.runtime.stores.approvals.get('demo', id))?.status).toBe('pending');
        expect(await refundsOf(t.runtime, pending.threadId)).toBe(0);
      });

      it('opens no second approval for an order already waiting for one (issue 17 item 6)', async () => {
        const again = await desk.ask({
          customerId: 'cus_01',
          text: 'My espresso machine arrived damaged, I need a refund',
        });
        const yes = await desk.ask({ customerId: 'cus_01', text: 'Yes please', threadId: again.threadId });
        expect(yes.status).toBe('delivered');
        expect(yes.reply).toMatch(/already reviewing a request on .*so we haven't opened a second one/);
        const waiting = (await desk.pendingApprovals()).filter(
          (a) => a.proposedAction?.orderId === 'ord_1001',
        );
        expect(waiting.map((a) => a.id)).toEqual([pending.approval!.id]);
        expect(await refundsOf(t.runtime, again.threadId)).toBe(0);
      });

      it('refunds exactly once when approved, and confirms it to the customer', async () => {
        const done = await desk.answerApproval(pending.approval!.id, {
          decision: 'approve',
          by: 'ana',
          role: 'approver',
        });
        expect(done.status).toBe('delivered');
        expect(done.reply).toMatch(/your refund of \$749\.00 for order ord_1001 has been issued/);
        expect(await refundsOf(t.runtime, pending.threadId)).toBe(1);
        expect((await t.runtime.stores.customers.order('demo', 'ord_1001'))?.refundedMinor).toBe(74_900);
        const audit = await t.runtime.stores.audit.forSubject('demo', 'approval', pending.approval!.id);
        expect(audit).toMatchObject([{ actor: 'ana', actorRole: 'approver', action: 'approval.approved' }]);
        await expect(
          desk.answerApproval(pending.approval!.id, { decision: 'approve', by: 'ana', role: 'approver' }),
        ).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_ANSWERED' });
      });

      it('revises the reply without refunding when an approver rejects it with feedback', async () => {
        const asked = await desk.ask({
          customerId: 'cus_03',
          text: 'I want a refund for my broken stand mixer, it is urgent',
        });
        // An urgent refund from a VIP is over the priority limit: a person reads the reply (the stated refund
        // with it) first.
        expect(asked.status).toBe('awaiting_approval');
        const feedback = 'Please send us a photo of the damage so we can arrange a replacement first.';
        const revised = await desk.answerApproval(asked.approval!.id, {
          decision: 'reject',
          by: 'ana',
          role: 'approver',
          feedback,
        });
        expect(revised.status).toBe('delivered');
        expect(revised.reply).toContain(feedback);
        const drafts = revised.decisions.filter((d) => d.agent === 'solution' && d.outcome === 'reply');
        expect(drafts).toHaveLength(2);
        expect(drafts[1]?.reasons).toContain('revised after a person rejected the previous draft');
        expect(revised.decisions.filter((d) => d.agent === 'quality').map((d) => d.outcome)).toEqual([
          'needs-person',
          'pass',
        ]);
        expect(await refundsOf(t.runtime, asked.threadId)).toBe(0);
      });

      it('refunds only the missing line under $500 on the customer’s yes, without a person', async () => {
        const asked = await desk.ask({
          customerId: 'cus_02',
          text: 'The tea towels were missing from my parcel, can I get a refund for them?',
        });
        expect(asked.reply).toContain('Refund $24.50 for 1 × Linen Tea Towels (Set of 4) of order ord_1002');
        const result = await desk.ask({ customerId: 'cus_02', text: 'yes', threadId: asked.threadId });
        expect(result.status).toBe('delivered');
        expect(result.reply).toMatch(/your refund of \$24\.50 for order ord_1002 has been issued/);
        expect(await refundsOf(t.runtime, result.threadId)).toBe(1);
        expect((await t.runtime.stores.customers.order('demo', 'ord_1002'))?.refundedMinor).toBe(2450);
      });

      it('tells the customer when an approved refund can no longer be made, and settles the thread', async () => {
        const asked = await desk.ask({
          customerId: 'cus_10',
          text: 'The tent I got is torn, refund it please',
        });
        expect(asked.reply).toContain('Refund $589.00 for 1 × Ridgeline 4-Person Tent of order ord_1020');
        const waiting = await desk.ask({ customerId: 'cus_10', text: 'yes', threadId: asked.threadId });
        expect(waiting.status).toBe('awaiting_approval');
        // Meanwhile the order is refunded in full elsewhere: nothing is left when the approval arrives.
        await t.runtime.db.transaction((tx) =>
          t.runtime.stores.customers.addRefund('demo', 'ord_1020', 66_700, tx),
        );
        const done = await desk.answerApproval(waiting.approval!.id, {
          decision: 'approve',
          by: 'ana',
          role: 'approver',
        });
        expect(done.status).toBe('delivered');
        expect(done.reply).toContain('Only $0.00 is left to refund on ord_1020');
        expect(await refundsOf(t.runtime, asked.threadId)).toBe(0);
        expect((await t.runtime.stores.customers.order('demo', 'ord_1020'))?.refundedMinor).toBe(66_700);
      });
    });

    describe('multi-turn sign-in problem (workflow 3)', () => {
      let first: DeskResult;
      let second: DeskResult;

      it('answers the first turn from the sign-in article', async () => {
        first = await desk.ask({ customerId: 'cus_04', text: "I can't log in" });
        expect(first.status).toBe('delivered');
        expect(first.reply).toContain("Can't sign in");
      });

      it('escalates the follow-up with the first turn as context', async () => {
        second = await desk.ask({
          customerId: 'cus_04',
          text: 'Still not working',
          threadId: first.threadId,
        });
        expect(second.status).toBe('escalated');
        expect(decisionOf(second, 'triage')).toMatchObject({ outcome: 'sign_in_problem' });
        expect(agents(second)).toEqual(['supervisor', 'triage', 'escalation']);
        const ticket = second.approval?.proposedAction as { kind: string; body: string };
        expect(ticket.kind).toBe('create_ticket');
        expect(ticket.body).toContain("I can't log in");
        expect(ticket.body).toContain('cant-sign-in');
      });

      it('hands the case over as a ticket when a person approves the escalation', async () => {
        const handed = await desk.answerApproval(second.approval!.id, {
          decision: 'approve',
          by: 'sam',
          role: 'agent',
        });
        expect(handed.status).toBe('external');
        expect(handed.ticketId).toMatch(/^T-/);
        expect(handed.reply).toContain(handed.ticketId);
        const tickets = await t.runtime.stores.tickets.byConversation('demo', first.threadId);
        expect(tickets).toHaveLength(1);
      });

      it('hands a promise the customer says one of our people made to a person, with that reason', async () => {
        const asked = await desk.ask({
          customerId: 'cus_01',
          text: "the previous agent said you'd refund double the price of the espresso machine",
        });
        expect(asked.status).toBe('escalated');
        expect(asked.approval?.reason).toBe(
          'the customer cites something one of our people said or promised',
        );
        expect(asked.approval?.proposedAction).toMatchObject({ kind: 'create_ticket' });
      });

      it('goes back to solution with the answer a person gives instead', async () => {
        const start = await desk.ask({ customerId: 'cus_06', text: "I can't sign in to my account" });
        const follow = await desk.ask({
          customerId: 'cus_06',
          text: 'That did not help, still not working',
          threadId: start.threadId,
        });
        expect(follow.status).toBe('escalated');
        const answer = 'I have unlocked your account; please try signing in again now.';
        const resolved = await desk.answerApproval(follow.approval!.id, {
          decision: 'respond',
          by: 'sam',
          role: 'agent',
          reply: answer,
        });
        expect(resolved.status).toBe('delivered');
        expect(resolved.reply).toContain(answer);
        expect(agents(resolved)).toContain('solution');
      });
    });

    describe('intake', () => {
      it('stores a new thread, its message, its request and the accepted event together', async () => {
        const { request } = await desk.submit({ customerId: 'cus_02', text: 'Where is my parcel?' });
        expect(request).toMatchObject({ customerId: 'cus_02', text: 'Where is my parcel?' });
        const [stored] = await t.runtime.db.query<{ customer_id: string; messages: string; events: string }>(
          `SELECT c.customer_id,
             (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'customer') AS messages,
             (SELECT count(*) FROM outbox o WHERE o.request_id = $2 AND o.type = 'request.accepted') AS events
           FROM conversations c WHERE c.id = $1`,
          [request.conversationId, request.id],
        );
        expect(stored).toEqual({ customer_id: 'cus_02', messages: '1', events: '1' });
        expect((await desk.settled(request.id)).status).toBeDefined();
      });

      it("stores a new thread's request claimed by its run, with the run's task, when a loop is free", async () => {
        // Nothing else running: the inline runner's only loop is free for the new request's run.
        await t.runtime.tasks.drain();
        const query = vi.spyOn(t.runtime.db, 'query');
        let result: DeskResult;
        try {
          result = await desk.ask({ customerId: 'cus_02', text: 'How do I reset my password?' });
          expect(result.status).toBe('delivered');
          const sent = query.mock.calls.map(([sql]) => sql);
          // The intake statement holds the request and the run's task; the run neither enqueues nor claims.
          const intake = sent.filter((sql) => sql.includes('INSERT INTO requests'));
          expect(intake).toHaveLength(1);
          expect(intake[0]).toContain('INSERT INTO background_tasks');
          expect(sent.filter((sql) => /^\s*INSERT INTO background_tasks/.test(sql))).toEqual([]);
          expect(sent.filter((sql) => sql.includes("SET run_status = 'running'"))).toEqual([]);
        } finally {
          query.mockRestore();
        }
        // As a claim would have left it: run once, on its first attempt.
        const [stored] = await t.runtime.db.query<{ attempts: number; run_status: string }>(
          'SELECT attempts, run_status FROM requests WHERE id = $1',
          [result.requestId],
        );
        expect(stored).toEqual({ attempts: 1, run_status: 'done' });
      });
    });

    describe('describing a settled run', () => {
      it('reads a request it has just queued once its run says it settled, not before', async () => {
        const reads = vi.spyOn(t.runtime.stores.requests, 'get');
        try {
          const asked = await desk.ask({ customerId: 'cus_01', text: 'How long does delivery take?' });
          expect(asked.status).toBe('delivered');
          const ofThisRequest = reads.mock.calls.filter(([, id]) => id === asked.requestId);
          // Accepting it reads nothing back (storing it returns it as stored); waiting for it reads it once,
          // after it settled.
          expect(ofThisRequest).toHaveLength(1);
        } finally {
          reads.mockRestore();
        }
      });

      it('describes a run settled in this process from where it stopped, and a later attempt from its checkpoint', async () => {
        const asked = await desk.ask({ customerId: 'cus_03', text: 'How do I reset my password?' });
        const reads = vi.spyOn(t.runtime.checkpointer, 'getTuple');
        try {
          // The run's own stop, kept when it settled: the thread's checkpoint is not read again.
          expect(await desk.settled(asked.requestId)).toEqual(asked);
          expect(reads).not.toHaveBeenCalled();
          // Another attempt of the request (claimed again, as by another process) is described from the thread.
          await t.runtime.db.query('UPDATE requests SET attempts = attempts + 1 WHERE id = $1', [
            asked.requestId,
          ]);
          expect(await desk.settled(asked.requestId)).toEqual(asked);
          expect(reads).toHaveBeenCalledTimes(1);
        } finally {
          reads.mockRestore();
        }
      });
    });

    describe('bad input', () => {
      it('rejects an empty message and a 100 KB message, storing nothing', async () => {
        const before = await t.runtime.db.query<{ n: string }>('SELECT count(*) AS n FROM requests');
        await expect(desk.ask({ customerId: 'cus_01', text: '   ' })).rejects.toMatchObject({
          code: 'MESSAGE_EMPTY',
        });
        await expect(desk.ask({ customerId: 'cus_01', text: 'x'.repeat(100_000) })).rejects.toMatchObject({
          code: 'MESSAGE_TOO_LONG',
        });
        const after = await t.runtime.db.query<{ n: string }>('SELECT count(*) AS n FROM requests');
        expect(after[0]?.n).toBe(before[0]?.n);
      });

      it('rejects an unknown customer and an unknown or foreign thread', async () => {
        const stored = () =>
          t.runtime.db.query<{ conversations: number; messages: number; requests: number }>(
            `SELECT (SELECT count(*)::int FROM conversations) AS conversations,
                    (SELECT count(*)::int FROM messages) AS messages,
                    (SELECT count(*)::int FROM requests) AS requests`,
          );
        const before = await stored();
        await expect(desk.ask({ customerId: 'cus_99', text: 'hello' })).rejects.toMatchObject({
          code: 'CUSTOMER_NOT_FOUND',
        });
        await expect(desk.submit({ customerId: '', text: 'hello' })).rejects.toMatchObject({
          code: 'CUSTOMER_NOT_FOUND',
        });
        // Refused by the conversation's reference to its customer: nothing of the message is stored.
        expect(await stored()).toEqual(before);
        await expect(
          desk.ask({ customerId: 'cus_01', text: 'hello', threadId: 'th_nope' }),
        ).rejects.toMatchObject({ code: 'THREAD_NOT_FOUND' });
        const other = await desk.ask({ customerId: 'cus_02', text: 'How do I reset my password?' });
        await expect(
          desk.ask({ customerId: 'cus_01', text: 'hello', threadId: other.threadId }),
        ).rejects.toMatchObject({ code: 'THREAD_NOT_FOUND' });
        // An unknown customer is told so first, whatever thread it names.
        await expect(
          desk.ask({ customerId: 'cus_99', text: 'hello', threadId: other.threadId }),
        ).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
        await expect(desk.history('th_nope')).rejects.toMatchObject({ code: 'THREAD_NOT_FOUND' });
      });

      it('refuses to resume a thread that is not waiting; queues, or refuses, a message on a waiting thread', async () => {
        const waiting = await desk.ask({
          customerId: 'cus_19',
          text: 'I need a refund for order ord_1040, it is damaged and this is urgent',
        });
        expect(waiting.status).toBe('awaiting_approval');
        // Double texting on a thread waiting for a person: answered at once with the approval's status, the
        // approval left as it is; refused under `reject`.
        const status = await desk.ask({ customerId: 'cus_19', text: 'hello?', threadId: waiting.threadId });
        expect(status).toMatchObject({ status: 'delivered', threadId: waiting.threadId, decisions: [] });
        expect(status.reply).toMatch(/waiting for a decision from our team/);
        expect((await t.runtime.stores.approvals.get('demo', waiting.approval!.id))?.status).toBe('pending');
        expect((await t.runtime.stores.requests.get('demo', waiting.requestId))?.runStatus).toBe('waiting');
        await desk.setDoubleTextingPolicy('reject');
        try {
          await expect(
            desk.ask({ customerId: 'cus_19', text: 'hello again?', threadId: waiting.threadId }),
          ).rejects.toMatchObject({ code: 'THREAD_BUSY' });
        } finally {
          await desk.setDoubleTextingPolicy('queue');
        }
        await expect(
          desk.answerApproval('apr_missing', { decision: 'approve', by: 'a', role: 'admin' }),
        ).rejects.toMatchObject({ code: 'APPROVAL_NOT_FOUND' });
        // An approval whose thread has moved on (here: its checkpoint rewound by hand) is refused.
        const asked = await desk.ask({ customerId: 'cus_07', text: 'How do I reset my password?' });
        await t.runtime.stores.approvals.create('demo', {
          id: 'apr_stale',
          conversationId: asked.threadId,
          requestId: asked.requestId,
          customerId: 'cus_07',
          kind: 'review',
          reason: 'test',
          reasons: [],
          proposedAction: undefined,
          proposedReply: 'x',
          allowedRoles: ['admin'],
          deadline: new Date(Date.now() + 60_000).toISOString(),
        });
        await expect(
          desk.answerApproval('apr_stale', { decision: 'approve', by: 'a', role: 'admin' }),
        ).rejects.toMatchObject({ code: 'THREAD_NOT_WAITING' });
      });

      it('names the bad field of an invalid answer', async () => {
        const asked = await desk.ask({
          customerId: 'cus_15',
          text: 'I need a refund for order ord_1032 please, it came broken and it is urgent',
        });
        expect(asked.status).toBe('awaiting_approval');
        await expect(
          desk.answerApproval(asked.approval!.id, { decision: 'reject', by: 'ana', role: 'approver' }),
        ).rejects.toMatchObject({
          code: 'APPROVAL_ANSWER_INVALID',
          details: { fields: [expect.objectContaining({ field: 'feedback' })] },
        });
        await expect(
          desk.answerApproval(asked.approval!.id, { decision: 'maybe', by: 'ana', role: 'approver' }),
        ).rejects.toMatchObject({ code: 'APPROVAL_ANSWER_INVALID' });
      });
    });

    describe('history and replay', () => {
      it('lists checkpoints and replays from one without repeating the refund', async () => {
        const result = await desk.ask({ customerId: 'cus_08', text: 'I need a refund for my damaged order' });
        const history = await desk.history(result.threadId);
        expect(history.length).toBeGreaterThan(5);
        expect(history[0]?.step).toBeGreaterThan(history.at(-1)!.step);
        const beforeDelivery = history.find(
          (checkpoint) => checkpoint.next.includes('deliver') || checkpoint.next.includes('human_review'),
        );
        expect(beforeDelivery).toBeDefined();
        const refunds = await refundsOf(t.runtime, result.threadId);
        const replayed = await desk.replay(result.threadId, beforeDelivery!.checkpointId);
        expect(replayed.status).toBe(result.status);
        expect(await refundsOf(t.runtime, result.threadId)).toBe(refunds);
        expect((await desk.history(result.threadId)).length).toBeGreaterThan(history.length);
        await expect(desk.replay(result.threadId, 'not-a-checkpoint')).rejects.toMatchObject({
          code: 'CHECKPOINT_NOT_FOUND',
        });
      });
    });

    describe('fork', () => {
      it('branches from a checkpoint with a corrected message, leaving the original history intact', async () => {
        const original = await desk.ask({ customerId: 'cus_09', text: 'How do I reset my password?' });
        const history = await desk.history(original.threadId);
        const beforeTriage = history.find((checkpoint) => checkpoint.next.includes('triage'))!;
        const forked = await desk.fork(original.threadId, beforeTriage.checkpointId, {
          message: 'Where is my order?',
        });
        expect(forked.status).toBe('delivered');
        const triages = forked.decisions.filter((d) => d.agent === 'triage');
        expect(triages.map((d) => d.outcome)).toEqual(['password_reset', 'order_status']);
        expect(forked.reply).toMatch(/most recent order/);
        const after = await desk.history(original.threadId);
        expect(after.some((checkpoint) => checkpoint.source === 'fork')).toBe(true);
        expect(after.map((c) => c.checkpointId)).toEqual(
          expect.arrayContaining(history.map((c) => c.checkpointId)),
        );
        await expect(
          desk.fork(original.threadId, beforeTriage.checkpointId, { message: '' }),
        ).rejects.toMatchObject({ code: 'MESSAGE_EMPTY' });
      });
    });

    describe('approval deadlines', () => {
      it('re-escalates an approval past its deadline to admins, once per deadline', async () => {
        // An urgent refund from a VIP: over the priority limit, so an approver reads the reply first.
        const asked = await desk.ask({
          customerId: 'cus_11',
          text: 'I need a refund for my damaged order, this is urgent',
        });
        expect(asked.status).toBe('awaiting_approval');
        expect(asked.approval?.allowedRoles).toEqual(['approver', 'admin']);
        const later = new Date(Date.now() + 25 * 3_600_000);
        const reescalated = await desk.reescalateOverdue(later);
        expect(reescalated.map((a) => a.id)).toContain(asked.approval!.id);
        const approval = await t.runtime.stores.approvals.get('demo', asked.approval!.id);
        expect(approval).toMatchObject({ status: 'pending', escalationLevel: 1 });
        expect(new Date(approval!.deadline).getTime()).toBeGreaterThan(later.getTime());
        expect((await desk.reescalateOverdue(later)).map((a) => a.id)).not.toContain(asked.approval!.id);
        const audit = await t.runtime.stores.audit.forSubject('demo', 'approval', asked.approval!.id);
        expect(audit.map((entry) => entry.action)).toEqual(['approval.reescalated']);
      });
    });

    it('relays every recorded event through the bus in order', async () => {
      const seen: string[] = [];
      t.runtime.bus.subscribe('*', (event) => void seen.push(`${event.topic}:${event.type}`));
      await t.runtime.relay.flush();
      expect(seen).toContain('customer.requests:request.accepted');
      expect(seen).toContain('agent.actions:agent.decided');
      expect(seen).toContain('human.approvals:approval.requested');
      expect(seen).toContain('human.approvals:approval.answered');
      expect(await t.runtime.stores.outbox.pending()).toEqual([]);
    });
  });
}
