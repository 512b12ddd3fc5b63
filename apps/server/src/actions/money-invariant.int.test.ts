// The money invariant, after a randomised sequence of customer and tool actions over every money path
// (conversation, MCP tools as customer, agent, approver and desk, approvals, edits, retries): for every order
// refunded ≤ paid; no refund above the limit (per order, per customer) without an approver's answer; no
// refund without the customer's yes on record in the conversation, or an approval, or a verified person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskResult } from '../runs/index.js';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';
import { agent, approver, callTool, connectTo, customer } from '../testing/mcp-client.js';

const ORDER_LIMIT = 50_000;
const CUSTOMER_LIMIT = 100_000;

/** A small seeded generator (mulberry32), so a failing sequence can be repeated from its printed seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** Standard-tier customers with delivered orders: their conversations reach a person only for money. */
const customers = ['cus_01', 'cus_02', 'cus_04', 'cus_05', 'cus_08', 'cus_09', 'cus_10', 'cus_13', 'cus_20'];
/** What customers call some products, by the first word of the product name. */
const spoken: Record<string, string> = {
  Barista: 'espresso machine',
  Forge: 'knife',
  Linen: 'tea towels',
  Steady: 'coffee grinder',
  Ridgeline: 'tent',
  Basecamp: 'camping stove',
  Lakeside: 'camp chair',
  Highland: 'wool throw',
  Trailhead: 'water bottle',
  Merino: 'hiking socks',
  Stoneware: 'lamp',
  Bamboo: 'cutting board',
  Precision: 'kitchen scale',
  Slow: 'pour-over set',
};

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`the money invariant on ${target.name}`, () => {
    let t: TestRuntime;
    beforeAll(async () => {
      t = await startTestRuntime(target);
    });
    afterAll(async () => t?.dispose());

    it('holds after a randomised sequence over every money path', async () => {
      const seed = Date.now() % 2_147_483_647;
      console.info(`money invariant seed ${seed}`);
      const random = generator(seed);
      const { runtime } = t;
      const desk = runtime.desk;
      const person = await connectTo(runtime, 'crm', agent());
      const boss = await connectTo(runtime, 'crm', approver());
      const asDesk = await connectTo(runtime, 'crm', { kind: 'desk' });

      const ordersOf = async (customerId: string) =>
        (await runtime.stores.customers.orders('demo', customerId)).filter((o) => o.status === 'delivered');

      async function answerApproval(result: DeskResult): Promise<DeskResult> {
        if (result.status !== 'awaiting_approval' || !result.approval) return result;
        const id = result.approval.id;
        switch (random.pick(['approve', 'reject', 'edit', 'agent'] as const)) {
          case 'approve':
            return desk.answerApproval(id, { decision: 'approve', by: 'ana', role: 'approver' });
          case 'reject':
            return desk.answerApproval(id, {
              decision: 'reject',
              by: 'ana',
              role: 'approver',
              feedback: 'Not now.',
            });
          case 'edit':
            return desk.answerApproval(id, {
              decision: 'edit',
              by: 'ana',
              role: 'approver',
              reply: 'Approved with care.',
            });
          case 'agent':
            // An approval that names agents (a return, a reviewed reply) is theirs to answer.
            if (result.approval.allowedRoles.includes('agent'))
              return desk.answerApproval(id, { decision: 'approve', by: 'sam', role: 'agent' });
            // An agent may not approve a refund over the limit: refused, and the approval still waits.
            await expect(
              desk.answerApproval(id, { decision: 'approve', by: 'sam', role: 'agent' }),
            ).rejects.toMatchObject({
              code: expect.stringMatching(/APPROVAL_ROLE_NOT_ALLOWED|THREAD_NOT_WAITING/),
            });
            return result;
        }
      }

      async function conversation() {
        const customerId = random.pick(customers);
        const orders = await ordersOf(customerId);
        const line = random.pick(orders.flatMap((order) => order.lines));
        const item = spoken[(line.name ?? '').split(' ')[0] ?? ''] ?? 'order';
        const opening = random.pick([
          `The ${item} arrived broken, I want my money back`,
          `my ${item} was missing from the box`,
          'How long does a refund take to arrive?',
          'I need a refund for my damaged order',
          'The blender I bought is faulty, refund it',
          `Can you send me a replacement ${item}? It came cracked`,
        ]);
        let result = await desk.ask({ customerId, text: opening });
        result = await answerApproval(result);
        if (result.status !== 'delivered') return;
        const answer = random.pick(['yes', 'Yes please go ahead', 'no thanks', 'how long will that take?']);
        result = await answerApproval(
          await desk.ask({ customerId, text: answer, threadId: result.threadId }),
        );
        // A retried yes on a settled thread is a new message, never a second refund.
        if (random.next() < 0.3 && result.status === 'delivered') {
          await answerApproval(await desk.ask({ customerId, text: 'yes', threadId: result.threadId }));
        }
      }

      async function toolCall(step: number) {
        const customerId = random.pick(customers);
        const record = (await runtime.stores.customers.get('demo', customerId))!;
        const order = random.pick(await ordersOf(customerId));
        const left = order.totalMinor - order.refundedMinor;
        const amountMinor = Math.max(1, Math.round(random.pick([0.2, 0.5, 1, 1.5]) * Math.max(left, 100)));
        const refund = {
          customerId,
          orderId: order.id,
          amountMinor,
          currency: order.currency,
          reason: 'random',
          idempotencyKey: `invariant-${seed}-${step}`,
          verification: { email: record.email, postcode: record.postcode },
        };
        const path = random.pick(['customer', 'agent', 'approver', 'desk', 'desk-token'] as const);
        if (path === 'customer') {
          const own = await connectTo(runtime, 'crm', customer(customerId));
          const { verification: _ignored, ...asked } = refund;
          expect((await callTool(own, 'refund', asked)).isError).toBe(true);
          await own.close();
          return;
        }
        if (path === 'desk' || path === 'desk-token') {
          const { verification: _ignored, ...asked } = refund;
          const stated = await callTool(asDesk, 'refund', { ...asked, preview: path === 'desk-token' });
          const token = stated.data.confirmationToken as string | undefined;
          const again =
            path === 'desk-token' && token
              ? await callTool(asDesk, 'refund', { ...asked, confirmationToken: token })
              : stated;
          // The desk alone, with or without a token, has no customer's yes on record: nothing moves.
          expect(again.data.status).not.toBe('performed');
          return;
        }
        const client = path === 'agent' ? person : boss;
        const stated = await callTool(client, 'refund', refund);
        if (stated.isError) return; // more than is left: refused, nothing moved
        const confirmed = { ...refund, confirmationToken: stated.data.confirmationToken };
        await callTool(client, 'refund', confirmed);
        if (random.next() < 0.5) await callTool(client, 'refund', confirmed); // a retry changes nothing
      }

      for (let step = 0; step < 24; step += 1) {
        if (random.next() < 0.4) await conversation();
        else await toolCall(step);
      }
      await person.close();
      await boss.close();
      await asDesk.close();

      // For every order: refunded ≤ paid.
      const orders = await runtime.db.query<{ id: string; total_minor: string; refunded_minor: string }>(
        'SELECT id, total_minor, refunded_minor FROM orders WHERE tenant_id = $1',
        ['demo'],
      );
      for (const order of orders)
        expect(Number(order.refunded_minor)).toBeLessThanOrEqual(Number(order.total_minor));

      // Every refund, in the order it happened, with what allowed it.
      const refunds = await runtime.db.query<{
        actor_role: string;
        details: Record<string, unknown>;
        result: { orderId: string; amountMinor: number };
        customer_id: string;
      }>(
        `SELECT a.actor_role, a.details, ac.result, ac.customer_id FROM audit_entries a
           JOIN actions ac ON ac.tenant_id = a.tenant_id AND ac.idempotency_key = a.details->>'idempotencyKey'
          WHERE a.tenant_id = $1 AND a.action = 'action.refund' ORDER BY a.seq`,
        ['demo'],
      );
      const byOrder = new Map<string, number>();
      const byCustomer = new Map<string, number>();
      for (const refund of refunds) {
        const { details } = refund;
        const approved =
          typeof details.approvalId === 'string' || ['approver', 'admin'].includes(refund.actor_role);
        // No refund without an approval, a verified person's confirmation, or the customer's yes on record.
        if (!approved && refund.actor_role === 'desk') {
          const conversationId = details.confirmedInConversation as string;
          const messages = await runtime.stores.conversations.messages('demo', conversationId);
          // The statement may be repeated later (the confirmation quotes it): one of its sayings must be
          // followed by the customer's yes.
          const statedAt = messages.flatMap((m, i) =>
            m.role !== 'customer' && m.text.includes(details.statement as string) ? [i] : [],
          );
          expect(
            statedAt.length,
            `refund ${String(details.idempotencyKey)} was never stated`,
          ).toBeGreaterThan(0);
          const answers = statedAt.map(
            (i) => messages.slice(i + 1).find((m) => m.role === 'customer')?.text ?? '',
          );
          expect(
            answers.some((text) => /^\s*(yes|yeah|yep|sure|ok)/i.test(text)),
            `refund ${String(details.idempotencyKey)} moved without a yes: ${JSON.stringify(answers)}`,
          ).toBe(true);
        } else if (!approved) {
          expect(refund.actor_role).toBe('agent');
        }
        // Nothing above a limit without an approver's answer.
        const order = (byOrder.get(refund.result.orderId) ?? 0) + refund.result.amountMinor;
        const spent = (byCustomer.get(refund.customer_id) ?? 0) + refund.result.amountMinor;
        byOrder.set(refund.result.orderId, order);
        byCustomer.set(refund.customer_id, spent);
        if (order > ORDER_LIMIT || spent > CUSTOMER_LIMIT) {
          expect(approved, `refund ${String(details.idempotencyKey)} passed a limit unapproved`).toBe(true);
        }
      }
      console.info(`money invariant: ${refunds.length} refunds checked over ${orders.length} orders`);
      expect(orders.length).toBeGreaterThan(0);
    }, 180_000);
  });
}
