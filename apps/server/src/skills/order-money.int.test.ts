// Refunds through the API as customers ask for them: money moves only on the lines the customer named and
// has, after their yes to the exact item and amount (and an approver's, over the limit); a wrong item, a
// missing item, several orders, a question about refunds and a look-alike order id move nothing.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../testing/http.js';
import { runtimeTargets } from '../testing/runtime.js';
import { callTool } from '../testing/mcp-client.js';

interface Conversation {
  status: string;
  messages: Array<{ role: string; text: string }>;
  requests: Array<{ runStatus: string }>;
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`refunds in the conversation on ${target.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(target);
    });
    afterAll(async () => t?.dispose());

    const as = async (customerId: string) => {
      const authorization = await t.bearer('customer', customerId);
      const get = async (url: string) => t.app.inject({ url, headers: { authorization } });
      const settled = (threadId: string, turns: number) =>
        eventually(async () => {
          const c = (await get(`/v1/conversations/${threadId}`)).json<Conversation>();
          return c.requests.length === turns &&
            c.requests.every((r) => ['done', 'waiting', 'failed'].includes(r.runStatus))
            ? c
            : undefined;
        }, 20_000);
      const lastReply = (c: Conversation) =>
        c.messages.filter((m) => m.role !== 'customer').at(-1)?.text ?? '';
      return {
        async start(text: string) {
          const response = await t.app.inject({
            method: 'POST',
            url: '/v1/conversations',
            payload: { text },
            headers: { authorization },
          });
          const { threadId } = response.json<{ threadId: string }>();
          const c = await settled(threadId, 1);
          return { threadId, reply: lastReply(c), conversation: c };
        },
        async say(threadId: string, text: string) {
          const before = (await get(`/v1/conversations/${threadId}`)).json<Conversation>().requests.length;
          await t.app.inject({
            method: 'POST',
            url: `/v1/conversations/${threadId}/messages`,
            payload: { text },
            headers: { authorization },
          });
          const c = await settled(threadId, before + 1);
          return { reply: lastReply(c), conversation: c };
        },
      };
    };
    const refunded = async (orderId: string) =>
      (await t.runtime.stores.customers.order('demo', orderId))?.refundedMinor;
    const refunds = (threadId: string) => t.runtime.stores.actions.count('demo', 'refund', threadId);

    it('refunds nothing for a blender the customer never bought, and says what it found', async () => {
      const alice = await as('cus_01');
      const { threadId, reply } = await alice.start('The blender I bought arrived broken');
      expect(reply).toContain("couldn't find a blender");
      expect(reply).toContain('Barista Pro Espresso Machine');
      const { reply: after } = await alice.say(threadId, 'yes');
      expect(after).not.toMatch(/refund of \$/i);
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1001')).toBe(0);
      expect(await refunded('ord_1004')).toBe(0);
    }, 60_000);

    it('asks which item is missing, then refunds only that line once the customer says yes', async () => {
      const ben = await as('cus_02');
      const { threadId, reply } = await ben.start('My order arrived but one item is missing');
      expect(reply).toMatch(/which item is this about \(and how many, if you had more than one\)\?/);
      expect(await refunds(threadId)).toBe(0);
      const named = await ben.say(
        threadId,
        'The tea towels are missing from the parcel, I want a refund for them',
      );
      expect(named.reply).toContain('Refund $24.50 for 1 × Linen Tea Towels (Set of 4) of order ord_1002');
      expect(await refunded('ord_1002')).toBe(0);
      const done = await ben.say(threadId, 'Yes please');
      expect(done.reply).toMatch(/refund of \$24\.50 for order ord_1002 has been issued/);
      expect(await refunded('ord_1002')).toBe(2450);
      expect(await refunded('ord_1006')).toBe(0);
    }, 60_000);

    it('reads a detail the customer adds after an offer as about the item offered on, and refunds it on yes', async () => {
      const maya = await as('cus_13');
      const { threadId, reply } = await maya.start('one of the lamps i ordered is broken');
      expect(reply).toContain('Refund $89.00 for 1 × Stoneware Table Lamp of order ord_1030');
      // Neither a yes nor a no: the offer is withdrawn, and the message is read with the one it follows.
      const detail = await maya.say(threadId, 'the shade is cracked right down the side, it came like that');
      expect(detail.reply).not.toMatch(/couldn't find|which item/);
      expect(detail.reply).toContain('Refund $89.00 for 1 × Stoneware Table Lamp of order ord_1030');
      expect(await refunded('ord_1030')).toBe(0);
      const done = await maya.say(threadId, 'ok yes');
      expect(done.reply).toMatch(/refund of \$89\.00 for order ord_1030 has been issued/);
      expect(await refunded('ord_1030')).toBe(8900);
    }, 60_000);

    it('asks which order when the customer has several, and refunds the torn tent alone after approval', async () => {
      const jamal = await as('cus_10');
      const { threadId, reply } = await jamal.start('I need a refund for my damaged order');
      expect(reply).toContain('ord_1020');
      expect(reply).toContain('ord_1022');
      const named = await jamal.say(threadId, 'It is the tent, it arrived with a big tear in the side');
      expect(named.reply).toContain('Refund $589.00 for 1 × Ridgeline 4-Person Tent of order ord_1020');
      expect(named.reply).toContain('approve');
      const confirmed = await jamal.say(threadId, 'yes, go ahead');
      expect(confirmed.conversation.status).toBe('awaiting_approval');
      expect(await refunded('ord_1020')).toBe(0);
      const approval = await t.runtime.stores.approvals.pendingOnConversation('demo', threadId);
      expect(approval?.proposedAction).toMatchObject({
        kind: 'refund',
        orderId: 'ord_1020',
        amountMinor: 58_900,
      });
      const answered = await t.app.inject({
        method: 'POST',
        url: `/v1/approvals/${approval!.id}/answer`,
        payload: { decision: 'approve' },
        headers: { authorization: await t.bearer('approver', 'ana') },
      });
      expect(answered.statusCode).toBe(202);
      await eventually(async () => ((await refunded('ord_1020')) === 58_900 ? true : undefined), 20_000);
      expect(await refunds(threadId)).toBe(1);
      expect(await refunded('ord_1022')).toBe(0);
    }, 60_000);

    it('asks which order a coffee grinder on two orders is, then states the delivered one’s refund, moving nothing yet', async () => {
      const katherine = await as('cus_11');
      const { threadId, reply } = await katherine.start('please refund the coffee grinder');
      expect(reply).toMatch(/ord_1026 \(shipped\): Steady Burr Coffee Grinder/);
      expect(reply).toMatch(/ord_1024 \(delivered [^)]+\): Steady Burr Coffee Grinder/);
      expect(reply).not.toMatch(/Here is exactly what we'd do/);
      const named = await katherine.say(threadId, 'the one from ord_1024');
      expect(named.reply).toContain('Refund $129.00 for 1 × Steady Burr Coffee Grinder of order ord_1024');
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1024')).toBe(0);
    }, 60_000);

    it('after the 30-day window, tells the customer a fault is a warranty claim and asks a person, paying nothing', async () => {
      const tessa = await as('cus_20');
      const { threadId, reply } = await tessa.start(
        "my camping stove won't light anymore, can i get my money back",
      );
      expect(reply).toContain('Refund $139.00 for 1 × Basecamp Two-Burner Stove of order ord_1044');
      expect(reply).toMatch(/past our refund and return window, so it falls under our warranty/);
      const confirmed = await tessa.say(threadId, 'yes please');
      expect(confirmed.conversation.status).toBe('awaiting_approval');
      const approval = await t.runtime.stores.approvals.pendingOnConversation('demo', threadId);
      expect(approval?.reason).toMatch(/after the 30-day refund window/);
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1044')).toBe(0);
    }, 60_000);

    it('after the 30-day window, says a change of mind can no longer go back, and offers nothing', async () => {
      const alice = await as('cus_01');
      const { threadId, reply } = await alice.start('can I return the pour-over set? I never really use it');
      expect(reply).toMatch(/ord_1004[^.]*is outside our return window/);
      expect(reply).not.toMatch(/Here is exactly what we'd do/);
      expect(await t.runtime.stores.actions.count('demo', 'return_or_exchange', threadId)).toBe(0);
    }, 60_000);

    it('offers to cancel an order that has not shipped when its only item is to go back, and cancels it on yes', async () => {
      const luis = await as('cus_12');
      const { threadId, reply } = await luis.start(
        "I'd like to send the wool throw back, I don't like the colour",
      );
      expect(reply).toContain(
        "hasn't shipped yet, so it can't be returned yet, but it can still be cancelled",
      );
      expect(reply).toContain('Cancel order ord_1028');
      expect((await t.runtime.stores.customers.order('demo', 'ord_1028'))?.status).toBe('processing');
      const { reply: done } = await luis.say(threadId, 'yes please');
      expect(done).toMatch(/order ord_1028 is now cancelled/);
      expect((await t.runtime.stores.customers.order('demo', 'ord_1028'))?.status).toBe('cancelled');
    }, 60_000);

    it('answers which order held an item from the customer’s own orders, moving nothing', async () => {
      const tessa = await as('cus_20');
      const { threadId, reply } = await tessa.start('which of my orders had the kitchen scale in it?');
      expect(reply).toContain('The Precision Bluetooth Kitchen Scale was on order ord_1045');
      expect(reply).not.toMatch(/Here is exactly what we'd do/);
      const alice = await as('cus_01');
      const returned = await alice.start('did you get the lamp I sent back?');
      expect(returned.reply).toContain('order ord_1005 came back to us');
      expect(await refunds(threadId)).toBe(0);
      expect(await refunds(returned.threadId)).toBe(0);
    }, 60_000);

    it('hands a refund that never came to a person when none is recorded on the order, saying so', async () => {
      const farid = await as('cus_06');
      const { threadId, reply, conversation } = await farid.start(
        'I never got refunded for the fridge camera I cancelled',
      );
      expect(conversation.status).toBe('escalated');
      expect(reply).toContain(
        "Order ord_1012 with the FreshView Smart Fridge Camera Kit was cancelled, but I can't see a refund recorded on it.",
      );
      expect(reply).toContain('passed your message to a member of our support team');
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1012')).toBe(0);
    }, 60_000);

    it('answers where one item is and offers money on another asked about in the same message', async () => {
      const katherine = await as('cus_11');
      const { threadId, reply } = await katherine.start(
        'the grinder from my last delivery is broken, and when will the espresso machine arrive?',
      );
      expect(reply).toContain('About the Barista Pro Espresso Machine: Order ord_1026 has shipped');
      // The machine asked after is no candidate for the money: the broken grinder that came is.
      expect(reply).toContain('Refund $129.00 for 1 × Steady Burr Coffee Grinder of order ord_1024');
      expect(await refunds(threadId)).toBe(0);
    }, 60_000);

    it('offers a change of mind a return, refunded once the item is back, never money for an item kept', async () => {
      const rosa = await as('cus_18');
      const { threadId, reply } = await rosa.start(
        'can i get a refund on my dutch oven? i ordered the wrong size',
      );
      expect(reply).toContain(
        'Authorise the return of 1 × Enamel Dutch Oven 6 qt from order ord_1038 for a refund once received.',
      );
      expect(reply).not.toMatch(/Refund \$189/);
      await rosa.say(threadId, 'yes');
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1038')).toBe(0);
    }, 60_000);

    it('never offers to cancel a whole order for one of its items, and says how to take that one off', async () => {
      const quinn = await as('cus_17');
      const { threadId, reply } = await quinn.start('i want to cancel just the knife, keep the apron');
      expect(reply).not.toMatch(/Here is exactly what we'd do/);
      expect(reply).toContain('select Cancel items and tick the Forge Chef');
      await quinn.say(threadId, 'yes');
      expect((await t.runtime.stores.customers.order('demo', 'ord_1037'))?.status).toBe('processing');
      expect(await refunded('ord_1037')).toBe(0);
    }, 60_000);

    it('answers a question about refunds without refunding anything', async () => {
      const daniel = await as('cus_04');
      const { threadId, reply, conversation } = await daniel.start('How long does a refund take to arrive?');
      expect(conversation.status).not.toBe('awaiting_approval');
      expect(reply).not.toMatch(/Here is exactly what we'd do/);
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1008')).toBe(0);
    }, 60_000);

    it('never refunds the sender’s own order for another customer’s order id in fullwidth characters', async () => {
      const daniel = await as('cus_04');
      const { threadId, reply } = await daniel.start('Please refund ｏｒｄ＿１００２, it arrived broken');
      expect(reply).toContain("couldn't find that order number");
      await daniel.say(threadId, 'yes');
      expect(await refunds(threadId)).toBe(0);
      expect(await refunded('ord_1008')).toBe(0);
    }, 60_000);

    it('refuses a refund a customer calls directly over MCP', async () => {
      const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const client = new Client({ name: 'customer', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp/crm`), {
          requestInit: { headers: { authorization: await t.bearer('customer', 'cus_20') } },
        }),
      );
      try {
        const call = await callTool(client, 'refund', {
          customerId: 'cus_20',
          orderId: 'ord_1044',
          amountMinor: 1000,
          currency: 'USD',
          reason: 'I want my money back',
          idempotencyKey: 'customer-direct-refund-1',
        });
        expect(call.isError).toBe(true);
        expect(await refunded('ord_1044')).toBe(0);
      } finally {
        await client.close();
      }
    }, 30_000);
  });
}
