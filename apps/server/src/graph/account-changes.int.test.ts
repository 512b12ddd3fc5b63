// Account changes the customer confirms in the conversation: the desk states the exact change with its
// reply, and carries it out on the customer's next message — once, audited, through a person when policy
// says so — on the embedded database and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.js';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import type { DeskResult } from '../runs/index.js';

const agents = (result: DeskResult) => result.decisions.map((decision) => decision.agent);
const outcomeOf = (result: DeskResult, agent: string) =>
  result.decisions.filter((decision) => decision.agent === agent).map((decision) => decision.outcome);

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`account changes on ${target.name}`, () => {
    let t: TestRuntime;
    let desk: Runtime['desk'];
    beforeAll(async () => {
      t = await startTestRuntime(target);
      desk = t.runtime.desk;
    });
    afterAll(async () => t?.dispose());

    const order = async (orderId: string) => (await t.runtime.stores.customers.order('demo', orderId))!;
    const performed = (kind: string, threadId: string) =>
      t.runtime.stores.actions.count('demo', kind, threadId);
    const audited = async (orderId: string) =>
      (await t.runtime.stores.audit.forSubject('demo', 'order', orderId)).filter((entry) =>
        entry.action.startsWith('action.'),
      );

    describe('cancelling an order that has not shipped', () => {
      let offered: DeskResult;
      let confirmed: DeskResult;

      it('states the exact cancellation with the reply and changes nothing yet', async () => {
        offered = await desk.ask({ customerId: 'cus_12', text: 'I want to cancel my order' });
        expect(offered.status).toBe('delivered');
        expect(offered.reply).toMatch(
          /Here is exactly what we'd do: Cancel order ord_1028 \(.+\), which is processing, and refund \$[\d,.]+ to the original payment method\. Reply "yes" to go ahead, or "no" to leave the order as it is\./,
        );
        expect(outcomeOf(offered, 'solution')).toContain('propose:cancel_order');
        expect(offered.toolCalls).toContainEqual(
          expect.objectContaining({
            agent: 'solution',
            tool: 'crm.cancel_order',
            outcome: 'ok',
            arguments: expect.objectContaining({ preview: true, orderId: 'ord_1028' }),
          }),
        );
        expect((await order('ord_1028')).status).toBe('processing');
        expect(await performed('cancel_order', offered.threadId)).toBe(0);
      });

      it('cancels it once when the customer says yes in the next message, and audits it', async () => {
        confirmed = await desk.ask({
          customerId: 'cus_12',
          text: 'Yes, please cancel it',
          threadId: offered.threadId,
        });
        expect(confirmed.status).toBe('delivered');
        expect(agents(confirmed)).toEqual(['supervisor', 'triage', 'deliver']);
        expect(outcomeOf(confirmed, 'triage')).toEqual(['confirm:cancel_order']);
        expect(outcomeOf(confirmed, 'deliver')).toEqual(['performed:cancel_order']);
        expect(confirmed.toolCalls.map((call) => `${call.agent} ${call.tool} ${call.outcome}`)).toEqual([
          'deliver crm.cancel_order ok',
        ]);
        const cancelled = await order('ord_1028');
        expect(cancelled.status).toBe('cancelled');
        expect(cancelled.refundedMinor).toBe(cancelled.totalMinor);
        expect(confirmed.reply).toContain('Done — order ord_1028 is now cancelled, and $');
        expect(confirmed.reply).toContain('The change you confirmed: Cancel order ord_1028');
        expect(await performed('cancel_order', offered.threadId)).toBe(1);
        expect(await audited('ord_1028')).toMatchObject([
          { action: 'action.cancel_order', actor: 'desk', details: { customerId: 'cus_12' } },
        ]);
      });

      it('does not cancel again on another yes, a replay or a fork of the confirming turn', async () => {
        const again = await desk.ask({ customerId: 'cus_12', text: 'yes', threadId: offered.threadId });
        expect(outcomeOf(again, 'triage')).not.toContain('confirm:cancel_order');
        expect(outcomeOf(again, 'deliver')).not.toContain('performed:cancel_order');

        const history = await desk.history(offered.threadId);
        const beforeChange = history.find((checkpoint) => checkpoint.next.includes('account_change'))!;
        const beforeAnswer = history.find((checkpoint) => checkpoint.next.includes('read_answer'))!;
        expect(beforeChange.requestId).toBe(confirmed.requestId);
        const replayed = await desk.replay(offered.threadId, beforeChange.checkpointId);
        expect(replayed.status).toBe('delivered');
        expect(outcomeOf(replayed, 'deliver')).toContain('already-performed');
        expect(replayed.reply).toContain('order ord_1028 is now cancelled');
        const forked = await desk.fork(offered.threadId, beforeAnswer.checkpointId);
        expect(forked.status).toBe('delivered');

        expect(await performed('cancel_order', offered.threadId)).toBe(1);
        expect(await audited('ord_1028')).toHaveLength(1);
      });
    });

    describe('changing the delivery address', () => {
      it('asks for the address, reads the change back, and makes it on a yes', async () => {
        const asked = await desk.ask({
          customerId: 'cus_17',
          text: 'I need to change the delivery address on my order',
        });
        expect(asked.reply).toContain('Reply with the new delivery address for order ord_1037');
        const given = await desk.ask({
          customerId: 'cus_17',
          text: 'The new address is 12 High St, Leeds LS1 4AB',
          threadId: asked.threadId,
        });
        expect(outcomeOf(given, 'deliver')).toEqual(['restated']);
        expect(given.reply).toMatch(
          /Here is exactly what we'd do: Deliver order ord_1037 to 12 High St, Leeds LS1 4AB, GB instead of .+\. Reply "yes" to go ahead, or "no" to keep the current address\./,
        );
        expect((await order('ord_1037')).shippingAddress.line1).not.toBe('12 High St');

        const done = await desk.ask({ customerId: 'cus_17', text: 'yes', threadId: asked.threadId });
        expect(outcomeOf(done, 'deliver')).toEqual(['performed:change_address']);
        expect(done.reply).toContain('order ord_1037 will now be delivered to 12 High St, Leeds LS1 4AB.');
        expect((await order('ord_1037')).shippingAddress).toMatchObject({
          line1: '12 High St',
          city: 'Leeds',
          postcode: 'LS1 4AB',
          country: 'GB',
        });
        expect(await performed('change_address', asked.threadId)).toBe(1);
      });

      it('reads back an address the first message gives, without asking for it again', async () => {
        const stated = await desk.ask({
          customerId: 'cus_17',
          text: 'hey can you send my order to 40 Oak Ave, Portland OR 97201 instead? just moved',
        });
        expect(outcomeOf(stated, 'solution')).toContain('propose:change_address');
        expect(stated.reply).not.toContain('Reply with the new delivery address');
        expect(stated.reply).toMatch(
          /Here is exactly what we'd do: Deliver order ord_1037 to 40 Oak Ave, Portland, OR 97201, US instead of .+\./,
        );
        const done = await desk.ask({ customerId: 'cus_17', text: 'yes', threadId: stated.threadId });
        expect(outcomeOf(done, 'deliver')).toEqual(['performed:change_address']);
        expect((await order('ord_1037')).shippingAddress).toMatchObject({
          line1: '40 Oak Ave',
          postcode: '97201',
        });
      });
    });

    describe('returning a delivered order', () => {
      it('offers the return of the item the customer names, not the whole order, and authorises it on a yes', async () => {
        const offered = await desk.ask({
          customerId: 'cus_10',
          text: 'I want to return the camp chair from my order',
        });
        const delivered = new Date((await order('ord_1022')).deliveredAt!).getTime();
        expect(offered.reply).toContain(
          "Here is exactly what we'd do: Authorise the return of 1 × Lakeside Folding Camp Chair from order ord_1022 for a refund once received.",
        );
        // The demo orders carry fixed dates: outside the window the return needs a person once confirmed.
        if (Date.now() - delivered > 30 * 86_400_000) {
          expect(offered.reply).toContain('ask a member of our team to approve it');
          return;
        }
        expect(offered.reply).toContain('Reply "yes" to go ahead, or "no" to keep your order as it is.');
        const done = await desk.ask({ customerId: 'cus_10', text: 'Yes please', threadId: offered.threadId });
        expect(outcomeOf(done, 'deliver')).toEqual(['performed:return_or_exchange']);
        expect(done.reply).toMatch(
          /Done — your return from order ord_1022 is authorised, reference RMA-\w+\./,
        );
        const returns = await t.runtime.db.query<{ kind: string; status: string }>(
          'SELECT kind, status FROM order_returns WHERE tenant_id = $1 AND order_id = $2',
          ['demo', 'ord_1022'],
        );
        expect(returns).toEqual([{ kind: 'return', status: 'authorised' }]);
        expect(await performed('return_or_exchange', offered.threadId)).toBe(1);
      });
    });

    describe('declining, or moving on', () => {
      it('changes nothing when the customer says no, and a later yes finds nothing to confirm', async () => {
        const offered = await desk.ask({ customerId: 'cus_17', text: 'Please cancel my order' });
        expect(offered.reply).toContain("Here is exactly what we'd do: Cancel order ord_1037");
        const declined = await desk.ask({
          customerId: 'cus_17',
          text: "No, I've changed my mind — keep it",
          threadId: offered.threadId,
        });
        expect(agents(declined)).toEqual(['supervisor', 'triage', 'deliver']);
        expect(outcomeOf(declined, 'deliver')).toEqual(['declined']);
        expect(declined.reply).toContain("we've left order ord_1037 exactly as it is; nothing has changed");
        const late = await desk.ask({ customerId: 'cus_17', text: 'yes', threadId: offered.threadId });
        expect(outcomeOf(late, 'deliver')).not.toContain('performed:cancel_order');
        expect((await order('ord_1037')).status).toBe('processing');
        expect(await performed('cancel_order', offered.threadId)).toBe(0);
      });

      it('withdraws the change when the customer asks about something else first', async () => {
        const offered = await desk.ask({ customerId: 'cus_17', text: 'Please cancel my order' });
        const other = await desk.ask({
          customerId: 'cus_17',
          text: 'How do I reset my password?',
          threadId: offered.threadId,
        });
        expect(outcomeOf(other, 'triage')).toEqual(['not-an-answer', 'password_reset']);
        const late = await desk.ask({ customerId: 'cus_17', text: 'yes', threadId: offered.threadId });
        expect(outcomeOf(late, 'deliver')).not.toContain('performed:cancel_order');
        expect((await order('ord_1037')).status).toBe('processing');
      });
    });

    describe('cancelling an order that has shipped', () => {
      let offered: DeskResult;
      let waiting: DeskResult;

      it('says a person must approve, and asks one once the customer confirms', async () => {
        offered = await desk.ask({ customerId: 'cus_04', text: 'Please cancel my order ord_1009' });
        expect(offered.reply).toMatch(
          /Cancel order ord_1009 \(.+\), which is shipped, and refund .+ Reply "yes" and we'll ask a member of our team to approve it/,
        );
        waiting = await desk.ask({ customerId: 'cus_04', text: 'yes please', threadId: offered.threadId });
        expect(waiting.status).toBe('awaiting_approval');
        expect(agents(waiting)).toEqual(['supervisor', 'triage', 'deliver']);
        expect(outcomeOf(waiting, 'deliver')).toEqual(['needs-person']);
        expect(waiting.approval).toMatchObject({
          kind: 'review',
          allowedRoles: ['approver', 'admin'],
          proposedAction: { kind: 'cancel_order', orderId: 'ord_1009' },
        });
        expect(waiting.approval?.reason).toContain('already shipped');
        expect((await order('ord_1009')).status).toBe('shipped');
        expect(await performed('cancel_order', offered.threadId)).toBe(0);
      });

      it('cancels it once an approver approves, and says so', async () => {
        await expect(
          desk.answerApproval(waiting.approval!.id, { decision: 'approve', by: 'sam', role: 'agent' }),
        ).rejects.toMatchObject({ code: 'APPROVAL_ROLE_NOT_ALLOWED' });
        const done = await desk.answerApproval(waiting.approval!.id, {
          decision: 'approve',
          by: 'ana',
          role: 'approver',
        });
        expect(done.status).toBe('delivered');
        expect(agents(done)).toEqual(['supervisor', 'triage', 'deliver', 'human_review', 'deliver']);
        expect(done.reply).toContain(
          "A member of our team has approved your request, and we're making the change you confirmed: Cancel order ord_1009",
        );
        expect(done.reply).toContain('Done — order ord_1009 is now cancelled');
        expect((await order('ord_1009')).status).toBe('cancelled');
        expect(await performed('cancel_order', offered.threadId)).toBe(1);
        expect(await audited('ord_1009')).toMatchObject([
          {
            action: 'action.cancel_order',
            details: { approvedBy: 'ana', approvalId: waiting.approval!.id },
          },
        ]);
      });
    });

    describe('a VIP account', () => {
      it('needs a person for the change too, and changes nothing when they turn it down', async () => {
        // The reply stating the change goes out as to anyone; the change itself waits for a person.
        const offered = await desk.ask({ customerId: 'cus_19', text: 'Please cancel my order ord_1043' });
        expect(offered.status).toBe('delivered');
        expect(offered.reply).toContain("Here is exactly what we'd do: Cancel order ord_1043");
        expect(offered.reply).toContain('ask a member of our team to approve it');
        const waiting = await desk.ask({ customerId: 'cus_19', text: 'yes', threadId: offered.threadId });
        expect(waiting.status).toBe('awaiting_approval');
        expect(waiting.approval?.reason).toMatch(/VIP/i);
        // The yes is answered at once: a person approves it first, nothing is done yet.
        const told = await t.runtime.stores.conversations.messages('demo', offered.threadId);
        expect(told.at(-1)?.text).toMatch(/needs to approve this before we go ahead: Cancel order ord_1043/);
        const feedback = 'We can still stop this order at the warehouse, so we will call you to arrange it.';
        const turnedDown = await desk.answerApproval(waiting.approval!.id, {
          decision: 'reject',
          by: 'ana',
          role: 'approver',
          feedback,
        });
        expect(turnedDown.status).toBe('delivered');
        expect(outcomeOf(turnedDown, 'deliver')).toEqual(['needs-person', 'not-approved']);
        expect(turnedDown.reply).toContain(`we haven't made this change: ${feedback}`);
        expect((await order('ord_1043')).status).toBe('processing');
        expect(await performed('cancel_order', offered.threadId)).toBe(0);
      });
    });
  });
}
