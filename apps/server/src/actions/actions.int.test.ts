// Safe actions through the CRM and ticketing MCP servers, as people and customers would use them: verified
// first, stated and confirmed, approved when policy says so, performed once, audited and reversible.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { agent, approver, callTool, connectTo, customer } from '../testing/mcp-client.js';

const alice = { email: 'Alice.Moreno@example.com', postcode: '97214' };
const ben = { email: 'ben.okafor@example.com', postcode: ' 43215' };

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason)(`safe actions on ${target.name}`, () => {
    let t: TestRuntime;
    let asAgent: Client;
    let asApprover: Client;
    beforeAll(async () => {
      t = await startTestRuntime(target);
      asAgent = await connectTo(t.runtime, 'crm', agent());
      asApprover = await connectTo(t.runtime, 'crm', approver());
    });
    afterAll(async () => {
      await asAgent?.close();
      await asApprover?.close();
      await t?.dispose();
    });
    const refunded = async (orderId: string) =>
      (await t.runtime.stores.customers.order('demo', orderId))!.refundedMinor;

    it('refuses a person acting for a customer who is not verified, changing nothing', async () => {
      const refund = {
        customerId: 'cus_01',
        orderId: 'ord_1002',
        amountMinor: 500,
        currency: 'USD',
        reason: 'late',
      };
      const missing = await callTool(asAgent, 'refund', { ...refund, idempotencyKey: 'verify-0001' });
      expect([missing.isError, missing.code]).toEqual([true, 'CUSTOMER_NOT_VERIFIED']);
      const wrong = await callTool(asAgent, 'refund', {
        ...refund,
        idempotencyKey: 'verify-0002',
        verification: { email: ben.email, postcode: '00000' },
      });
      expect(wrong.code).toBe('CUSTOMER_NOT_VERIFIED');
      expect(await refunded('ord_1002')).toBe(0);
    });

    it('states the exact change first, performs it once confirmed, and only once per key', async () => {
      const refund = {
        customerId: 'cus_02',
        orderId: 'ord_1002',
        amountMinor: 1250,
        currency: 'USD',
        reason: 'late delivery',
        idempotencyKey: 'refund-ord_1002-a',
        verification: ben,
      };
      const stated = await callTool(asAgent, 'refund', refund);
      expect(stated.data).toMatchObject({ status: 'needs_confirmation', result: null });
      expect(stated.data.statement).toMatch(
        /^Refund \$12\.50 of order ord_1002 \(1 × .+\) to the original payment method\.$/,
      );
      expect(await refunded('ord_1002')).toBe(0);

      // A confirmation binds the exact change: another amount needs its own.
      const other = await callTool(asAgent, 'refund', {
        ...refund,
        amountMinor: 900,
        confirmationToken: stated.data.confirmationToken,
      });
      expect(other.data.status).toBe('needs_confirmation');

      const confirmed = { ...refund, confirmationToken: stated.data.confirmationToken };
      const [first, second] = await Promise.all([
        callTool(asAgent, 'refund', confirmed),
        callTool(asAgent, 'refund', confirmed),
      ]);
      expect([first.data.status, second.data.status].sort()).toEqual(['already_performed', 'performed']);
      expect(first.data.result).toEqual(second.data.result);
      const retried = await callTool(asAgent, 'refund', confirmed);
      expect(retried.data.status).toBe('already_performed');
      expect(await refunded('ord_1002')).toBe(1250);
      expect(await t.runtime.stores.actions.count('demo', 'refund')).toBe(1);
      const audit = await t.runtime.stores.audit.forSubject('demo', 'order', 'ord_1002');
      expect(audit).toMatchObject([{ actor: 'sam', actorRole: 'agent', action: 'action.refund' }]);
    });

    it('refunds an item once: a second refund of it is refused though the order has money left', async () => {
      const hiroshi = { email: 'hiroshi.tanaka@example.org', postcode: '95126' };
      const scale = {
        customerId: 'cus_08',
        orderId: 'ord_1017',
        amountMinor: 4900,
        currency: 'USD',
        reason: 'arrived damaged',
        items: [{ sku: 'JP-ELE-002', quantity: 1 }],
        verification: hiroshi,
      };
      const refundOnce = async (idempotencyKey: string) => {
        const stated = await callTool(asAgent, 'refund', { ...scale, idempotencyKey });
        if (stated.isError) return stated;
        return callTool(asAgent, 'refund', {
          ...scale,
          idempotencyKey,
          confirmationToken: stated.data.confirmationToken,
        });
      };
      expect((await refundOnce('refund-scale-first')).data.status).toBe('performed');
      const again = await refundOnce('refund-scale-again');
      expect([again.isError, again.code]).toEqual([true, 'ACTION_NOT_ALLOWED']);
      expect(await refunded('ord_1017')).toBe(4900);
      const order = await t.runtime.stores.customers.order('demo', 'ord_1017');
      expect(order!.refundedItems).toEqual({ 'JP-ELE-002': 1 });
      // The order's other line is still refundable, and the record of what was refunded reaches the agents.
      const read = await callTool(asAgent, 'get_order', { orderId: 'ord_1017' });
      expect(read.data.order).toMatchObject({
        lines: [
          { sku: 'JP-ELE-002', refundedQuantity: 1 },
          { sku: 'JP-KIT-006', refundedQuantity: 0 },
        ],
      });
    });

    it('refuses to reuse a key for another action', async () => {
      const reused = await callTool(asAgent, 'goodwill_credit', {
        customerId: 'cus_01',
        amountMinor: 500,
        currency: 'USD',
        reason: 'sorry',
        idempotencyKey: 'refund-ord_1002-a',
        verification: alice,
      });
      expect(reused.code).toBe('ACTION_NOT_ALLOWED');
    });

    it('needs an approver for a refund over $500: an agent cannot, an approver can', async () => {
      const refund = {
        customerId: 'cus_01',
        orderId: 'ord_1001',
        amountMinor: 74_900,
        currency: 'USD',
        reason: 'damaged',
        idempotencyKey: 'refund-ord_1001-a',
        verification: alice,
      };
      const stated = await callTool(asAgent, 'refund', refund);
      const confirmed = { ...refund, confirmationToken: stated.data.confirmationToken };
      const byAgent = await callTool(asAgent, 'refund', confirmed);
      expect(byAgent.data).toMatchObject({ status: 'needs_approval', allowedRoles: ['approver', 'admin'] });
      expect((byAgent.data.approvalReasons as string[])[0]).toContain('$749.00');
      expect(await refunded('ord_1001')).toBe(0);
      const byApprover = await callTool(asApprover, 'refund', confirmed);
      expect(byApprover.data.status).toBe('performed');
      expect(await refunded('ord_1001')).toBe(74_900);
    });

    it('lets a customer act on their own account only, never moves money on their own call, and sends a VIP account to a person', async () => {
      const own = await connectTo(t.runtime, 'crm', customer('cus_12'));
      const vip = await connectTo(t.runtime, 'crm', customer('cus_03'));
      const foreign = await callTool(own, 'get_order', { orderId: 'ord_1002' });
      expect(foreign.code).toBe('ORDER_NOT_FOUND');
      const notMine = await callTool(own, 'return_or_exchange', {
        customerId: 'cus_01',
        orderId: 'ord_1002',
        type: 'return',
        items: [{ sku: 'JP-KIT-007', quantity: 1 }],
        reason: 'x',
        idempotencyKey: 'return-foreign-1',
      });
      expect(notMine.code).toBe('CUSTOMER_NOT_FOUND');

      // Money moves only where the desk's rules apply: customers ask in the conversation.
      const cancel = {
        customerId: 'cus_12',
        orderId: 'ord_1028',
        reason: 'changed my mind',
        idempotencyKey: 'cancel-ord_1028',
      };
      expect((await callTool(own, 'cancel_order', cancel)).code).toBe('TOOL_FORBIDDEN');
      const refund = {
        customerId: 'cus_12',
        orderId: 'ord_1027',
        amountMinor: 500,
        currency: 'USD',
        reason: 'x',
        idempotencyKey: 'refund-own-1',
      };
      expect((await callTool(own, 'refund', refund)).code).toBe('TOOL_FORBIDDEN');
      expect((await t.runtime.stores.customers.order('demo', 'ord_1028'))?.status).toBe('processing');
      expect(await refunded('ord_1027')).toBe(0);

      const credit = {
        customerId: 'cus_03',
        amountMinor: 1000,
        currency: 'USD',
        reason: 'x',
        idempotencyKey: 'vip-credit-1',
      };
      const vipStated = await callTool(vip, 'goodwill_credit', credit);
      expect(vipStated.code).toBe('TOOL_FORBIDDEN'); // customers cannot give themselves credit
      const orders = (await callTool(vip, 'list_orders', { customerId: 'cus_03' })).data.orders as Array<{
        id: string;
      }>;
      const ret = {
        customerId: 'cus_03',
        orderId: orders[0]!.id,
        type: 'return',
        items: [],
        reason: 'x',
        idempotencyKey: 'vip-return-1',
      };
      const badItems = await callTool(vip, 'return_or_exchange', ret);
      expect(badItems.isError).toBe(true);
      expect(badItems.text).toContain('items');
      await own.close();
      await vip.close();
    });

    it('needs an approver to cancel a shipped order', async () => {
      const cancel = {
        customerId: 'cus_04',
        orderId: 'ord_1009',
        reason: 'no longer needed',
        idempotencyKey: 'cancel-ord_1009',
        verification: { email: 'daniel.reyes@example.com', postcode: '78704' },
      };
      const stated = await callTool(asAgent, 'cancel_order', cancel);
      const confirmed = { ...cancel, confirmationToken: stated.data.confirmationToken };
      expect((await callTool(asAgent, 'cancel_order', confirmed)).data).toMatchObject({
        status: 'needs_approval',
        approvalReasons: ['The order has already shipped, so cancelling it needs an approver.'],
      });
      expect((await t.runtime.stores.customers.order('demo', 'ord_1009'))?.status).toBe('shipped');
      expect((await callTool(asApprover, 'cancel_order', confirmed)).data.status).toBe('performed');
    });

    it('states a replacement by the product’s name, and never refunds what it replaces', async () => {
      const noah = { email: 'noah.fischer@example.org', postcode: '53703' };
      const exchange = {
        customerId: 'cus_14',
        orderId: 'ord_1031',
        type: 'exchange',
        items: [{ sku: 'JP-OUT-004', quantity: 1 }],
        exchangeForSku: 'JP-OUT-004',
        reason: 'arrived damaged or faulty',
        idempotencyKey: 'exchange-ord_1031',
        verification: noah,
      };
      const stated = await callTool(asAgent, 'return_or_exchange', exchange);
      expect(stated.data.statement).toBe(
        'Authorise the exchange of 1 × Lakeside Folding Camp Chair from order ord_1031 for a replacement Lakeside Folding Camp Chair.',
      );
      const confirmed = { ...exchange, confirmationToken: stated.data.confirmationToken };
      expect((await callTool(asAgent, 'return_or_exchange', confirmed)).data.status).toBe('performed');
      const order = await t.runtime.stores.customers.order('demo', 'ord_1031');
      expect(order?.replacedItems).toEqual({ 'JP-OUT-004': 1 });
      // The customer is made whole once: the chair being replaced is not refunded, nor replaced again.
      const refund = await callTool(asAgent, 'refund', {
        customerId: 'cus_14',
        orderId: 'ord_1031',
        amountMinor: 6900,
        currency: 'USD',
        reason: 'arrived damaged or faulty',
        items: [{ sku: 'JP-OUT-004', quantity: 1 }],
        idempotencyKey: 'refund-ord_1031-chair',
        verification: noah,
      });
      expect([refund.isError, refund.code]).toEqual([true, 'ACTION_NOT_ALLOWED']);
      expect(refund.text).toContain('1 being replaced');
      const again = await callTool(asAgent, 'return_or_exchange', {
        ...exchange,
        idempotencyKey: 'exchange-ord_1031-again',
      });
      expect(again.code).toBe('ACTION_NOT_ALLOWED');
      expect((await t.runtime.stores.customers.order('demo', 'ord_1031'))?.refundedMinor).toBe(0);
    });

    it('states an exchange that names no product as a new one of each item', async () => {
      const stated = await callTool(asAgent, 'return_or_exchange', {
        customerId: 'cus_02',
        orderId: 'ord_1002',
        type: 'exchange',
        items: [
          { sku: 'JP-KIT-007', quantity: 1 },
          { sku: 'JP-KIT-008', quantity: 1 },
        ],
        reason: 'arrived damaged or faulty',
        idempotencyKey: 'exchange-ord_1002-both',
        verification: ben,
      });
      expect(stated.data.statement).toBe(
        "Authorise the exchange of 1 × Forge Chef's Knife 8 in, 1 × Linen Tea Towels (Set of 4) from order ord_1002 for new ones of the same.",
      );
    });

    it('changes an address and reverses it exactly once; a refund cannot be reversed', async () => {
      const change = {
        customerId: 'cus_17',
        orderId: 'ord_1037',
        address: { line1: '1 Church St', city: 'Burlington', region: 'VT', postcode: '05401', country: 'US' },
        idempotencyKey: 'address-ord_1037',
        verification: { email: 'quinn.delaney@example.org', postcode: '05401' },
      };
      const stated = await callTool(asAgent, 'change_address', change);
      expect(stated.data.statement).toContain('instead of 63 N Willard St');
      const done = await callTool(asAgent, 'change_address', {
        ...change,
        confirmationToken: stated.data.confirmationToken,
      });
      expect(done.data).toMatchObject({ status: 'performed', reversible: true });
      expect((await t.runtime.stores.customers.order('demo', 'ord_1037'))?.shippingAddress.line1).toBe(
        '1 Church St',
      );

      const [a, b] = await Promise.all([
        callTool(asAgent, 'reverse_action', { idempotencyKey: 'address-ord_1037' }),
        callTool(asAgent, 'reverse_action', { idempotencyKey: 'address-ord_1037' }),
      ]);
      expect([a.data.reversed, b.data.reversed].sort()).toEqual([false, true]);
      expect((await t.runtime.stores.customers.order('demo', 'ord_1037'))?.shippingAddress.line1).toBe(
        '63 N Willard St',
      );
      const audit = await t.runtime.stores.audit.forSubject('demo', 'action', 'address-ord_1037');
      expect(audit.map((entry) => entry.action)).toEqual(['action.change_address.reversed']);

      const refund = await callTool(asAgent, 'reverse_action', { idempotencyKey: 'refund-ord_1002-a' });
      expect(refund.code).toBe('ACTION_NOT_REVERSIBLE');
    });

    it('holds the desk to the statement a customer confirmed, and to policy, when it relays one', async () => {
      const asDesk = await connectTo(t.runtime, 'crm', { kind: 'desk' });
      const credit = {
        customerId: 'cus_02',
        amountMinor: 7500,
        currency: 'USD',
        reason: 'late parcel',
        idempotencyKey: 'desk-credit-cus_02',
      };
      const credits = async () =>
        (
          await t.runtime.db.query(
            'SELECT 1 FROM customer_credits WHERE tenant_id = $1 AND customer_id = $2',
            ['demo', 'cus_02'],
          )
        ).length;
      const stated = await callTool(asDesk, 'goodwill_credit', { ...credit, preview: true });
      expect(stated.data).toMatchObject({
        status: 'needs_confirmation',
        allowedRoles: ['approver', 'admin'],
      });
      expect((stated.data.approvalReasons as string[])[0]).toContain('$75.00');
      const token = stated.data.confirmationToken as string;
      const other = await callTool(asDesk, 'goodwill_credit', {
        ...credit,
        amountMinor: 7000,
        confirmationToken: token,
      });
      expect(other.data.status).toBe('needs_confirmation');
      // Money: a token alone is not the customer's yes; without one on record in a conversation, or an
      // approver's answer, nothing moves.
      const confirmed = { ...credit, confirmationToken: token };
      expect((await callTool(asDesk, 'goodwill_credit', confirmed)).data.status).toBe('needs_confirmation');
      const byAgent = { id: 'sam', role: 'agent', approvalId: 'apr_1' };
      expect(
        (await callTool(asDesk, 'goodwill_credit', { ...confirmed, approvedBy: byAgent })).data.status,
      ).not.toBe('performed');
      // Only the desk may name an approver; a person approves as themselves.
      const byApprover = { id: 'ana', role: 'approver', approvalId: 'apr_1' };
      const claimed = await callTool(asAgent, 'goodwill_credit', {
        ...confirmed,
        verification: ben,
        approvedBy: byApprover,
      });
      expect(claimed.data.status).not.toBe('performed');
      expect(await credits()).toBe(0);
      const done = await callTool(asDesk, 'goodwill_credit', { ...confirmed, approvedBy: byApprover });
      expect(done.data.status).toBe('performed');
      expect(await credits()).toBe(1);
      const audit = await t.runtime.stores.audit.forSubject('demo', 'customer', 'cus_02');
      expect(audit.filter((entry) => entry.action === 'action.goodwill_credit')).toMatchObject([
        { actor: 'desk', details: { approvedBy: 'ana', approvalId: 'apr_1' } },
      ]);
      await asDesk.close();
    });

    it('updates contact details, issues credits within limits, and hands over to a person once', async () => {
      const update = {
        customerId: 'cus_01',
        phone: '+1-503-555-0199',
        idempotencyKey: 'contact-cus_01-1',
        verification: alice,
      };
      const stated = await callTool(asAgent, 'update_contact_details', update);
      await callTool(asAgent, 'update_contact_details', {
        ...update,
        confirmationToken: stated.data.confirmationToken,
      });
      expect((await t.runtime.stores.customers.get('demo', 'cus_01'))?.phone).toBe('+1-503-555-0199');

      const big = {
        customerId: 'cus_01',
        amountMinor: 8000,
        currency: 'USD',
        reason: 'lost parcel',
        idempotencyKey: 'credit-cus_01-1',
        verification: alice,
      };
      const bigStated = await callTool(asAgent, 'goodwill_credit', big);
      const bigTry = await callTool(asAgent, 'goodwill_credit', {
        ...big,
        confirmationToken: bigStated.data.confirmationToken,
      });
      expect(bigTry.data.status).toBe('needs_approval');

      const tickets = await connectTo(t.runtime, 'tickets', agent());
      const handOver = {
        customerId: 'cus_01',
        reason: 'asked for a person twice',
        idempotencyKey: 'handover-cus_01-1',
      };
      const first = await callTool(tickets, 'hand_over', handOver);
      const again = await callTool(tickets, 'hand_over', handOver);
      expect([first.data.status, again.data.status]).toEqual(['performed', 'already_performed']);
      const listed = await callTool(tickets, 'list', { customerId: 'cus_01' });
      expect(
        (listed.data.tickets as Array<{ kind: string }>).filter((ticket) => ticket.kind === 'handover'),
      ).toHaveLength(1);
      await tickets.close();
    });
  });
}
