// One approval's context on both databases: the Sources are the knowledge-base articles the proposed reply
// cites (with research's score and the article's section), read from the thread's checkpoints — and they
// stay those of the proposal the person answered after the thread moves on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { api } from '@frontdesk/contracts';
import { runtimeTargets } from '../testing/runtime.js';
import { eventually, startTestApp, type TestApp } from '../testing/http.js';

interface Detail {
  id: string;
  threadId: string;
  status: string;
  proposedReply: string | null;
  sources: api.ApprovalSource[];
  decisions: Array<{ agent: string; reasons: string[] }>;
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`approval context on ${target.name}`, () => {
    let t: TestApp;
    let customer: string;
    let approver: string;
    beforeAll(async () => {
      t = await startTestApp(target);
      // A VIP (priority raised by the tier); the request below is urgent and threatens a chargeback, so its
      // priority is over the limit and a person reads every reply to it first: each opens a review approval.
      customer = await t.bearer('customer', 'cus_03');
      approver = await t.bearer('approver', 'ana');
    });
    afterAll(async () => t?.dispose());

    const get = async <T>(url: string, authorization: string) =>
      (await t.app.inject({ url, headers: { authorization } })).json<T>();
    const post = async (url: string, payload: object, authorization: string) =>
      t.app.inject({ method: 'POST', url, payload, headers: { authorization } });

    // Names the item: a refund of "my damaged order" from a customer with several orders is asked about first.
    const urgentRefund =
      'My stand mixer arrived damaged and I need a refund, this is urgent or I will file a chargeback with my bank';

    /** Starts a conversation and waits for the approval it opens. */
    async function approvalFor(text: string): Promise<Detail> {
      const { threadId } = (await post('/v1/conversations', { text }, customer)).json<{ threadId: string }>();
      return approvalOn(threadId);
    }

    /** Waits for an approval on the thread, and reads it as the approver sees it. */
    async function approvalOn(threadId: string): Promise<Detail> {
      const pending = await eventually(async () => {
        const { approvals } = await get<{ approvals: Array<{ id: string; threadId: string }> }>(
          '/v1/approvals',
          approver,
        );
        return approvals.find((a) => a.threadId === threadId);
      }, 30_000);
      return get<Detail>(`/v1/approvals/${pending.id}`, approver);
    }

    it('lists the articles the proposed reply cites, with their title, snippet, score and section', async () => {
      const detail = await approvalFor(urgentRefund);
      expect(detail.proposedReply).toMatch(/refund/i);
      expect(detail.sources.length).toBeGreaterThan(0);
      // The same articles, in the same order, as the drafting step recorded citing.
      const citing = detail.decisions
        .filter((d) => d.agent === 'solution')
        .flatMap((d) => d.reasons)
        .filter((reason) => reason.startsWith('cites '));
      expect(citing.at(-1)).toBe(`cites ${detail.sources.map((s) => s.articleId).join(', ')}`);
      for (const source of detail.sources) {
        const article = (await t.runtime.stores.articles.get(t.runtime.config.tenantId, source.articleId))!;
        expect(article).toBeDefined();
        expect(source).toMatchObject({ title: article.title, section: article.category });
        expect(typeof source.score).toBe('number');
        expect(source.snippet!.length).toBeGreaterThan(20);
        expect(source.snippet!.length).toBeLessThanOrEqual(281);
        // The snippet is the article's own text, flattened to one line.
        const opening = source.snippet!.split(' ').slice(0, 5).join(' ');
        expect(article.body.replace(/\s+/g, ' ')).toContain(opening);
      }
      // No research summaries any more: those are the research decisions' reasons, shown with the decisions.
      const researchReasons = detail.decisions
        .filter((d) => d.agent === 'research')
        .flatMap((d) => d.reasons);
      for (const reason of researchReasons) expect(detail.sources).not.toContainEqual(reason);
    }, 60_000);

    it('keeps showing what the answered proposal cited after the thread moves on', async () => {
      const before = await approvalFor(urgentRefund);
      const answered = await post(`/v1/approvals/${before.id}/answer`, { decision: 'approve' }, approver);
      expect(answered.statusCode).toBe(202);
      const threadId = before.threadId;
      const settled = (requests: number) =>
        eventually(async () => {
          const conversation = await get<{ requests: Array<{ runStatus: string }> }>(
            `/v1/conversations/${threadId}`,
            customer,
          );
          const done = conversation.requests.filter((r) => ['done', 'waiting'].includes(r.runStatus)).length;
          return done === requests ? conversation : undefined;
        }, 30_000);
      await settled(1);
      // A next turn on the thread: research, the draft and the approval request of the state all change.
      await post(`/v1/conversations/${threadId}/messages`, { text: 'How do I reset my password?' }, customer);
      await settled(2);
      const after = await get<Detail>(`/v1/approvals/${before.id}`, approver);
      expect(after.status).toBe('approved');
      expect(after.sources).toEqual(before.sources);
    }, 60_000);

    it('cites the refund policy for a refund the customer confirmed', async () => {
      // The refund is stated on one turn and the approval opens on the customer's yes, a turn whose own
      // draft cites nothing: the approver is still shown the policy that allows the refund.
      const alice = await t.bearer('customer', 'cus_01');
      const { threadId } = (
        await post(
          '/v1/conversations',
          { text: 'My espresso machine arrived damaged, I need a refund' },
          alice,
        )
      ).json<{ threadId: string }>();
      await eventually(async () => {
        const conversation = await get<{ requests: Array<{ runStatus: string }> }>(
          `/v1/conversations/${threadId}`,
          alice,
        );
        return conversation.requests.every((r) => r.runStatus === 'done') ? true : undefined;
      }, 30_000);
      expect(
        (await post(`/v1/conversations/${threadId}/messages`, { text: 'Yes please' }, alice)).statusCode,
      ).toBe(202);
      const detail = await approvalOn(threadId);
      expect(detail.proposedReply).toMatch(/\$749\.00/);
      const policy = (await t.runtime.stores.articles.get(t.runtime.config.tenantId, 'refund-policy'))!;
      expect(detail.sources.map((s) => s.articleId)).toContain('refund-policy');
      expect(detail.sources.find((s) => s.articleId === 'refund-policy')).toMatchObject({
        title: policy.title,
      });
    }, 60_000);

    it('answers 404 for an approval that does not exist', async () => {
      const response = await t.app.inject({
        url: '/v1/approvals/apr_missing',
        headers: { authorization: approver },
      });
      expect(response.json()).toMatchObject({ status: 404, code: 'APPROVAL_NOT_FOUND' });
    });
  });
}
