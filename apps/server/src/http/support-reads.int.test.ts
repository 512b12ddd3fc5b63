// The reads the support pages are built on, on a real desk: conversations listed by customer name, subject,
// channel and latest message; the help centre's articles listed, edited and published (searchable at once)
// and where each was cited; demo sign-in offering customers by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTargets } from '../testing/runtime.js';
import { startTestApp, type TestApp } from '../testing/http.js';

const [embedded] = await runtimeTargets();

interface Summary {
  id: string;
  customerId: string;
  customerName: string;
  status: string;
  channel: string;
  subject: string;
  preview: string;
  previewRole: string | null;
}

describe('support reads', () => {
  let t: TestApp;
  let staff: string;
  let threadId: string;
  beforeAll(async () => {
    t = await startTestApp(embedded!);
    staff = await t.bearer('agent');
    threadId = (await t.runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
      .threadId;
  });
  afterAll(async () => t?.dispose());

  const get = async <T>(url: string, authorization: string) => {
    const response = await t.app.inject({ url, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('lists conversations with the customer’s name, the first message as subject, channel and preview', async () => {
    const customer = await t.runtime.stores.customers.get(t.runtime.config.tenantId, 'cus_01');
    const { conversations } = await get<{ conversations: Summary[] }>('/v1/conversations?limit=50', staff);
    const row = conversations.find((c) => c.id === threadId);
    expect(row).toMatchObject({
      customerId: 'cus_01',
      customerName: customer!.name,
      subject: 'How do I reset my password?',
      channel: 'web',
      previewRole: 'agent',
    });
    expect(row!.preview.length).toBeGreaterThan(0);
    expect(row!.preview).not.toBe(row!.subject);
    // A customer lists only their own, in the same shape.
    const other = await get<{ conversations: Summary[] }>(
      '/v1/conversations',
      await t.bearer('customer', 'cus_02'),
    );
    expect(other.conversations.some((c) => c.id === threadId)).toBe(false);
    const own = await get<{ conversations: Summary[] }>('/v1/conversations', await t.bearer('customer'));
    expect(own.conversations.find((c) => c.id === threadId)?.subject).toBe('How do I reset my password?');
  });

  it('lists every article to staff and public ones to customers, and says where one was cited', async () => {
    const { articles } = await get<{ articles: Array<{ id: string; visibility: string; category: string }> }>(
      '/v1/knowledge/articles',
      staff,
    );
    expect(articles.length).toBeGreaterThan(3);
    const forCustomer = await get<{ articles: Array<{ visibility: string }> }>(
      '/v1/knowledge/articles',
      await t.bearer('customer'),
    );
    expect(forCustomer.articles.length).toBeGreaterThan(0);
    expect(forCustomer.articles.length).toBeLessThanOrEqual(articles.length);
    expect(forCustomer.articles.every((a) => a.visibility === 'public')).toBe(true);

    const { decisions } = await get<{ decisions: Array<{ agent: string; reasons: string[] }> }>(
      `/v1/threads/${threadId}/decisions`,
      staff,
    );
    const cites = decisions
      .find((d) => d.agent === 'solution')!
      .reasons.find((r) => r.startsWith('cites '))!
      .slice(6)
      .split(', ');
    expect(cites[0]).toMatch(/\w/);
    const cited = await get<{ citations: Array<{ conversationId: string; customerName: string }> }>(
      `/v1/knowledge/articles/${cites[0]}/citations`,
      staff,
    );
    expect(cited.citations.map((c) => c.conversationId)).toContain(threadId);
    const uncited = articles.find((a) => !cites.includes(a.id))!;
    const none = await get<{ citations: unknown[] }>(`/v1/knowledge/articles/${uncited.id}/citations`, staff);
    expect(
      none.citations.filter((c) => (c as { conversationId: string }).conversationId === threadId),
    ).toEqual([]);
  });

  it('publishes an edited article so search finds the new words at once; customers may not edit', async () => {
    const { articles } = await get<{ articles: Array<{ id: string; title: string; body: string }> }>(
      '/v1/knowledge/articles',
      staff,
    );
    const article = articles[0]!;
    const edit = {
      title: article.title,
      body: `${article.body}\n\n## Zanzibar couriers\n\nWe ship by quokka.`,
    };
    const put = (authorization: string, body: Record<string, string>, id = article.id) =>
      t.app.inject({
        method: 'PUT',
        url: `/v1/knowledge/articles/${id}`,
        headers: { authorization },
        payload: body,
      });

    expect((await put(await t.bearer('customer'), edit)).statusCode).toBe(403);
    expect((await put(staff, { title: '', body: 'x' })).statusCode).toBe(400);
    expect((await put(staff, edit, 'no-such-article')).statusCode).toBe(404);
    const saved = await put(staff, edit);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<object>()).toMatchObject({ id: article.id, changed: true });
    expect((await put(staff, edit)).json<object>()).toMatchObject({ changed: false });

    const found = await t.app.inject({
      method: 'POST',
      url: '/v1/knowledge/search',
      headers: { authorization: staff },
      payload: { query: 'quokka couriers', visibility: 'all' },
    });
    const titles = found.json<{ results: Array<{ title: string }> }>().results.map((r) => r.title);
    expect(titles).toContain(article.title);
    const read = await get<{ body: string }>(`/v1/knowledge/articles/${article.id}`, staff);
    expect(read.body).toContain('We ship by quokka.');
  });

  it('offers demo customers by their names', async () => {
    const response = await t.app.inject({ url: '/v1/auth/demo-users' });
    const { users } = response.json<{ users: Array<{ sub: string; role: string; name: string }> }>();
    const customer = await t.runtime.stores.customers.get(t.runtime.config.tenantId, 'cus_01');
    expect(users.find((u) => u.sub === 'cus_01')?.name).toBe(customer!.name);
  });
});
