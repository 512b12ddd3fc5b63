// Long-term memory, the memory manager, learning from resolutions and forgetting a customer, through a whole
// runtime on both databases: real desk runs feed memory through the outbox event `request.settled`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/http.js';
import { runtimeTargets, startTestRuntime, type TestRuntime } from '../testing/runtime.js';

const targets = await runtimeTargets();

for (const target of targets) {
  describe.skipIf(target.skipReason !== undefined)(`memory on ${target.name}`, () => {
    let t: TestRuntime;
    beforeAll(async () => {
      t = await startTestRuntime(target);
    });
    afterAll(() => t?.dispose());

    /**
     * Lets the outbox reach the bus and the background tasks finish, as a running worker would. The bus hands
     * a published event to its consumer groups (remember) a moment later, so the queue is drained until that
     * group has had its turn.
     */
    const settle = async () => {
      await t.runtime.relay.flush();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await t.runtime.tasks.drain();
    };

    let passwordThread: string;

    it('summarises a finished conversation into the customer’s long-term memory, with outcome and topics', async () => {
      const result = await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' });
      expect(result.status).toBe('delivered');
      passwordThread = result.threadId;
      await settle();
      const [memory] = await eventually(async () => {
        const found = await t.runtime.memory.longTerm.recent('demo', 'cus_01');
        return found.length > 0 ? found : undefined;
      }, 20_000);
      expect(memory).toMatchObject({
        customerId: 'cus_01',
        conversationId: result.threadId,
        outcome: 'delivered',
      });
      expect(memory!.topics).toContain('password_reset');
      expect(memory!.summary).toContain('reset my password');
      const interactions = await t.runtime.memory.session.recentInteractions('demo', 'cus_01', 10);
      expect(interactions.map((i) => i.role)).toEqual(['agent', 'customer']);
    });

    it('never lets one customer’s memory reach another customer’s request', async () => {
      expect(await t.runtime.memory.longTerm.recall('demo', 'cus_02', 'reset my password')).toEqual([]);
      const context = await t.runtime.memory.context({
        tenantId: 'demo',
        customerId: 'cus_02',
        conversationId: 'conv_new',
        query: 'How do I reset my password?',
      });
      expect(context.items).toEqual([]);
      const own = await t.runtime.memory.longTerm.recall('demo', 'cus_01', 'forgot password reset');
      expect(own.map((m) => m.conversationId)).toEqual([passwordThread]);
      expect(own[0]!.relevance).toBeGreaterThan(0.1);
    });

    it('gives research the three tiers by recency, relevance or both, within a token budget', async () => {
      const first = await t.runtime.desk.ask({ customerId: 'cus_01', text: 'Where is my order?' });
      await settle();
      const request = {
        tenantId: 'demo',
        customerId: 'cus_01',
        conversationId: 'conv_current',
        query: 'my password reset link expired',
        recentMessages: [{ role: 'customer', text: 'my password reset link expired' }],
      };
      const relevant = await t.runtime.memory.context({
        ...request,
        strategy: 'relevant',
        tokenBudget: 10_000,
      });
      expect(new Set(relevant.items.map((i) => i.tier))).toEqual(
        new Set(['conversation', 'session', 'long-term']),
      );
      const longTerm = relevant.items.filter((i) => i.tier === 'long-term');
      expect(longTerm[0]!.text).toContain('reset my password');
      const recent = await t.runtime.memory.context({ ...request, strategy: 'recent', tokenBudget: 10_000 });
      expect(recent.items[0]!.tier).toBe('conversation');
      expect(recent.items.filter((i) => i.tier === 'long-term')[0]!.text).toContain('Where is my order');
      const hybrid = await t.runtime.memory.context({ ...request, strategy: 'hybrid', tokenBudget: 60 });
      expect(hybrid.tokens).toBeLessThanOrEqual(60);
      expect(hybrid.dropped).toBeGreaterThan(0);
      expect(hybrid.items.length).toBeGreaterThan(0);
      expect(first.status).toBe('delivered');
    });

    let draftId: string;

    it('turns a conversation a person resolved after an escalation into a draft help article', async () => {
      const { desk } = t.runtime;
      const start = await desk.ask({ customerId: 'cus_06', text: "I can't sign in to my account" });
      const follow = await desk.ask({
        customerId: 'cus_06',
        text: 'That did not help, still not working',
        threadId: start.threadId,
      });
      expect(follow.status).toBe('escalated');
      await settle();
      expect(await t.runtime.knowledge.drafts.list('demo')).toEqual([]);
      const answer =
        'Your account was locked after five failed attempts; I have unlocked it, so please sign in again now.';
      const resolved = await desk.answerApproval(follow.approval!.id, {
        decision: 'respond',
        by: 'sam',
        role: 'agent',
        reply: answer,
      });
      expect(resolved.status).toBe('delivered');
      await settle();
      const [draft] = await t.runtime.knowledge.drafts.list('demo');
      expect(draft).toMatchObject({
        customerId: 'cus_06',
        conversationId: start.threadId,
        status: 'pending',
      });
      expect(draft!.title).toBe("I can't sign in to my account");
      expect(draft!.body).toContain('unlocked it');
      draftId = draft!.id;
    });

    it('publishes an approved draft into the help centre and the knowledge base', async () => {
      const before = await t.runtime.knowledge.search.searchDocuments(
        'demo',
        'account locked after five failed attempts',
      );
      expect(before.map((hit) => hit.source).filter((s) => s.startsWith('article:learnt-'))).toEqual([]);
      const approved = await t.runtime.knowledge.drafts.approve('demo', draftId, {
        actor: 'ana',
        role: 'approver',
      });
      expect(approved.status).toBe('approved');
      await t.runtime.tasks.drain();
      expect(await t.runtime.stores.articles.get('demo', approved.articleId!)).toMatchObject({
        title: approved.title,
      });
      const hits = await t.runtime.knowledge.search.searchDocuments(
        'demo',
        'account locked after five failed attempts',
        {
          limit: 3,
        },
      );
      expect(hits.map((hit) => hit.source)).toContain(`article:${approved.articleId}`);
      await expect(
        t.runtime.knowledge.drafts.reject('demo', draftId, { actor: 'ana', role: 'approver' }),
      ).rejects.toMatchObject({ code: 'DRAFT_ALREADY_REVIEWED' });
    });

    it('forgets a customer in every tier with one call, and nobody else', async () => {
      await t.runtime.memory.session.setSession('demo', 'cus_06', { lastIntent: 'sign_in_problem' }, 60_000);
      expect(await t.runtime.memory.longTerm.recent('demo', 'cus_06')).not.toEqual([]);
      const report = await t.runtime.forgetCustomer('cus_06');
      expect(report).toMatchObject({ customer: true, drafts: 1 });
      expect(report.memories).toBeGreaterThan(0);
      expect(await t.runtime.memory.longTerm.recent('demo', 'cus_06')).toEqual([]);
      expect(await t.runtime.knowledge.drafts.list('demo', 'all')).toEqual([]);
      expect(await t.runtime.memory.session.getSession('demo', 'cus_06')).toBeUndefined();
      expect(await t.runtime.memory.session.recentInteractions('demo', 'cus_06', 10)).toEqual([]);
      expect(await t.runtime.stores.customers.get('demo', 'cus_06')).toBeUndefined();
      const [row] = await t.runtime.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
         WHERE c.customer_id = 'cus_06'`,
      );
      expect(Number(row?.n)).toBe(0);
      expect(await t.runtime.memory.longTerm.recent('demo', 'cus_01')).toHaveLength(2);
      expect(await t.runtime.forgetCustomer('cus_06')).toMatchObject({
        customer: false,
        memories: 0,
        drafts: 0,
      });
    });
  });
}
