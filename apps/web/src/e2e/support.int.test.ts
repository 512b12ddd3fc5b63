// The portal and the dashboard end to end, in Chromium against a real desk: a customer asks for a refund
// above $500, an approver approves it in the inbox and the customer sees the confirmation stream in; a
// rejection with feedback produces a revised reply; a cancellation the customer confirmed waits for an
// approver, and the timeline shows the tool calls it made. Screenshots of each page go to artifacts/e2e/.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserSkipReason,
  openDesk,
  activitySeen,
  ask,
  signIn,
  watchActivity,
  type Desk,
} from './browser.js';

const skip = browserSkipReason();

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
const intersects = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Where the rating panel and the last message are, once the last reply has finished typing itself in. */
async function ratingAndLastMessage(page: Page): Promise<{ rating: Box; last: Box }> {
  const last = page.locator('.messages .message').last();
  await expect.poll(() => last.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
  return page.evaluate(() => {
    const box = (element: Element | null | undefined): Box => {
      if (!element) throw new Error('element missing');
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top, bottom, left, right };
    };
    return {
      rating: box(document.querySelector('.rating')),
      last: box([...document.querySelectorAll('.messages .message')].at(-1)),
    };
  });
}

/** How many CSS pixels the page is wider than the window (a phone would scroll it sideways). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Names the damaged item, waits for the desk to state the refund (item and amount), then says yes. */
async function askForRefund(page: Page) {
  const replies = await page.locator('.message-agent').count();
  await ask(page, 'My espresso machine arrived damaged');
  await expect
    .poll(() => page.locator('.message-agent').count(), { timeout: 20_000 })
    .toBeGreaterThan(replies);
  await expect
    .poll(() => page.locator('.message-agent .message-text').last().textContent(), { timeout: 10_000 })
    .toMatch(/\$749/);
  await ask(page, 'Yes please');
}

describe.skipIf(skip !== undefined)('portal and dashboard in Chromium', () => {
  let desk: Desk;
  let customer: Page;
  let approver: Page;
  beforeAll(async () => {
    desk = await openDesk();
    // A small phone: the portal must work in 375 × 740 CSS pixels.
    customer = await desk.newPage({ width: 375, height: 740 });
    approver = await desk.newPage();
    // Building the app and starting a desk on a shared, busy machine can take minutes; nothing is timed.
  }, 300_000);
  afterAll(async () => desk?.close());

  it('revises the reply after a rejection with feedback', async () => {
    await customer.goto(`${desk.base}/`);
    await expect.poll(() => customer.getByLabel('Demo user').isVisible()).toBe(true);
    await desk.shot(customer, '01-portal-sign-in-phone');
    await signIn(customer, 'customer:cus_01');
    await customer.getByRole('heading', { name: 'New conversation' }).waitFor();
    await askForRefund(customer);
    await customer.locator('.activity').filter({ hasText: 'reviewing' }).waitFor({ timeout: 20_000 });
    await desk.shot(customer, '02-portal-waiting-for-approval-phone');

    await approver.goto(`${desk.base}/admin`);
    await signIn(approver, 'approver:ana');
    const row = approver.getByRole('link', { name: /refund/i }).first();
    await row.waitFor({ timeout: 15_000 });
    await desk.shot(approver, '03-dashboard-inbox');
    await row.click();
    await approver.getByRole('button', { name: 'Reject' }).click();
    await approver
      .getByLabel(/Feedback for the agents/)
      .fill('we will send a replacement instead of a refund');
    await desk.shot(approver, '04-dashboard-reject-with-feedback');
    await approver.getByRole('button', { name: 'Send feedback' }).click();
    await approver.getByText(/Answered \(reject\)/).waitFor();

    // The revised draft reaches the customer, or, when the quality review still wants a person, waits in
    // the inbox as a new approval whose proposed reply carries the feedback.
    const revised = customer.locator('.message-agent .message-text', {
      hasText: 'we will send a replacement',
    });
    await approver.goto(`${desk.base}/admin/inbox`);
    const again = approver.locator('table a').first();
    await Promise.race([revised.waitFor({ timeout: 20_000 }), again.waitFor({ timeout: 20_000 })]);
    if (!(await revised.isVisible())) {
      await again.click();
      await approver.locator('.proposed-reply', { hasText: 'we will send a replacement' }).waitFor();
      await desk.shot(approver, '05-dashboard-revised-reply-for-review');
      await approver.getByRole('button', { name: 'Approve' }).click();
      await approver.getByText(/Answered \(approve\)/).waitFor();
    }
    await revised.waitFor({ timeout: 20_000 });
    await desk.shot(customer, '05-portal-revised-reply-phone');
  }, 90_000);

  it('refunds above $500 once an approver approves in the inbox, and the customer sees it stream in', async () => {
    await customer.getByRole('button', { name: 'New conversation' }).click();
    await customer.getByRole('heading', { name: 'New conversation' }).waitFor();
    await watchActivity(customer);
    await askForRefund(customer);
    await customer.locator('.activity').filter({ hasText: 'reviewing' }).waitFor({ timeout: 20_000 });

    await approver.goto(`${desk.base}/admin/inbox`);
    const row = approver.getByRole('link', { name: /refund/i }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await approver.getByRole('heading', { name: 'Proposed' }).waitFor();
    await expect.poll(() => approver.locator('.proposal').textContent()).toContain('$749.00');
    // The approval shows the statement the customer said yes to: that item, that amount.
    await expect
      .poll(() => approver.locator('.proposal').textContent())
      .toMatch(/Refund \$749\.00 on order ord_1001/);
    await desk.shot(approver, '06-dashboard-approval');
    await approver.setViewportSize({ width: 375, height: 740 });
    expect(await sidewaysOverflow(approver)).toBe(0);
    await desk.shot(approver, '06-dashboard-approval-phone');
    await approver.setViewportSize({ width: 1280, height: 860 });
    const agentReplies = await customer.locator('.message-agent').count();
    await approver.getByRole('button', { name: 'Approve' }).click();
    await approver.getByText(/Answered \(approve\)/).waitFor();

    // The confirmation streams in to the customer, who can then rate the conversation.
    await expect
      .poll(() => customer.locator('.message-agent').count(), { timeout: 20_000 })
      .toBeGreaterThan(agentReplies);
    const confirmation = customer.locator('.message-agent .message-text').last();
    await expect.poll(() => confirmation.textContent(), { timeout: 10_000 }).toMatch(/refund of \$749\.00/);
    await customer.getByRole('group', { name: 'How did we do?' }).waitFor({ timeout: 20_000 });
    expect(await activitySeen(customer)).toContain('A member of our team is reviewing this…');
    // At phone width the rating sits below the end of the confirmation, never over it.
    const { rating, last } = await ratingAndLastMessage(customer);
    expect(intersects(rating, last), JSON.stringify({ rating, last })).toBe(false);
    expect(last.bottom).toBeLessThanOrEqual(rating.top);
    expect(await sidewaysOverflow(customer)).toBe(0);
    await desk.shot(customer, '07-portal-refund-confirmed-phone');
    // Rated with the keyboard alone: arrows move along the stars, Tab reaches the comment and the button.
    await customer.getByRole('radio', { name: '1 — Very poor' }).focus();
    for (let i = 0; i < 4; i += 1) await customer.keyboard.press('ArrowRight');
    expect(await customer.getByRole('radio', { name: '5 — Excellent' }).isChecked()).toBe(true);
    await customer.keyboard.press('Tab');
    await customer.keyboard.type('Quick and kind');
    await customer.keyboard.press('Tab');
    expect(await customer.evaluate(() => document.activeElement?.textContent)).toBe('Send rating');
    await customer.keyboard.press('Enter');
    await customer.getByText(/you rated this conversation 5 out of 5/).waitFor();
    // Refunded exactly once, for the approved conversation only.
    const refunds = await desk.app.runtime.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM actions WHERE kind = 'refund'",
      [],
    );
    expect(Number(refunds[0]!.n)).toBe(1);
  }, 90_000);

  it('says when the stream drops, reconnects on its own and carries on with the conversation', async () => {
    const badge = customer.locator('.stream-badge');
    await expect.poll(() => badge.textContent()).toBe('Live');
    const replies = await customer.locator('.message-agent').count();
    // Every open connection is cut, as when a proxy restarts or the network blips.
    desk.app.app.server.closeAllConnections();
    await customer.getByText('Connection lost — reconnecting…').waitFor({ timeout: 5_000 });
    await desk.shot(customer, '08-portal-stream-reconnecting-phone');
    await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toBe('Live');
    await ask(customer, 'Thank you so much!');
    await expect
      .poll(() => customer.locator('.message-agent').count(), { timeout: 20_000 })
      .toBeGreaterThan(replies);
  }, 60_000);

  it('shows the timeline, live feed, analytics, knowledge and status pages', async () => {
    await approver.goto(`${desk.base}/admin/conversations`);
    // Listed by what the customer wrote, with their name, never by thread id.
    const first = approver.locator('table.conversations tbody a').first();
    expect(await first.textContent()).not.toMatch(/^th_/);
    await first.click();
    // What the agents decided reads in words; the steps and checkpoints are technical details.
    await approver.locator('.decision-trail li', { hasText: 'Triage read it as' }).first().waitFor();
    expect(await approver.getByRole('heading', { name: 'Checkpoints' }).count()).toBe(0);
    await approver.getByRole('button', { name: 'Technical details' }).click();
    await approver.getByRole('heading', { name: 'Checkpoints' }).waitFor();
    expect(await approver.getByRole('cell', { name: 'triage' }).count()).toBeGreaterThan(0);
    await desk.shot(approver, '09-dashboard-timeline');

    await approver.getByRole('link', { name: 'Live feed' }).click();
    await approver.locator('.feed-item').first().waitFor({ timeout: 10_000 });
    await expect
      .poll(() => approver.getByRole('status').filter({ hasText: 'Live' }).count())
      .toBeGreaterThan(0);
    await desk.shot(approver, '10-dashboard-live-feed');

    await approver.getByRole('link', { name: 'Analytics' }).click();
    await approver.getByText('Resolved automatically').waitFor();
    await approver.getByRole('img', { name: 'Requests per period' }).waitFor();
    await desk.shot(approver, '11-dashboard-analytics');

    await approver.getByRole('link', { name: 'Knowledge' }).click();
    await approver.getByLabel(/^Document/).setInputFiles({
      name: 'gift-wrapping.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Gift wrapping\n\nEvery order can be gift wrapped in recycled paper for $4.\n'),
    });
    await approver.getByRole('button', { name: 'Upload' }).click();
    await approver.getByText(/Uploaded gift-wrapping\.md: (published|queued)/).waitFor({ timeout: 15_000 });
    await approver
      .getByText(/No drafts waiting for review|Publish/)
      .first()
      .waitFor();
    await approver.getByLabel('Search the knowledge base').fill('return policy');
    await approver.getByRole('button', { name: 'Search' }).click();
    await approver.locator('.hits li').first().waitFor({ timeout: 10_000 });
    await desk.shot(approver, '12-dashboard-knowledge');

    await approver.getByRole('link', { name: 'Status' }).click();
    await approver.getByText('All systems answering').waitFor();
    await desk.shot(approver, '13-dashboard-status');
    // The dashboard at a phone's width: the sections become a row of tabs above the page, and no page is
    // wider than the phone (wide tables scroll inside their card, hidden chart tables take no room).
    await approver.setViewportSize({ width: 375, height: 740 });
    const phonePages = [
      { section: 'Inbox', ready: approver.getByRole('heading', { name: 'Approval inbox' }) },
      { section: 'Analytics', ready: approver.getByRole('img', { name: 'Requests per period' }) },
      { section: 'Knowledge', ready: approver.getByText(/No drafts waiting for review|Publish/).first() },
      { section: 'Status', ready: approver.getByText('All systems answering') },
    ];
    for (const { section, ready } of phonePages) {
      await approver.getByRole('link', { name: section }).click();
      await ready.waitFor();
      expect(await sidewaysOverflow(approver), section).toBe(0);
      await desk.shot(approver, `13-dashboard-${section.toLowerCase().replace(' ', '-')}-phone`);
    }
    await approver.setViewportSize({ width: 1280, height: 860 });
  }, 60_000);

  it('opens the same chat from one script tag on another page', async () => {
    // A shop on another origin (its own little server): its page has the one script tag and nothing else.
    const shop = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<!doctype html><html><body><h1>Juniper &amp; Pine shop</h1><script src="${desk.base}/widget.js" defer></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const shopHost = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
    desk.allow(shopHost);
    const host = await desk.newPage();
    await host.goto(`http://${shopHost}/`);
    await host.getByRole('button', { name: 'Chat with us' }).click();
    const frame = host.frameLocator('iframe[title="Support chat"]');
    // The same portal, compact: the sign-in, or straight to the chat when the browser shares the session.
    await frame
      .getByText(/Juniper & Pine/)
      .first()
      .waitFor({ timeout: 10_000 });
    expect(await host.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true');
    await desk.shot(host, '14-widget-on-another-page');
    await host.close();
    shop.close();
  }, 30_000);

  it('tells a person whose session expired to sign in again', async () => {
    const page = await desk.newPage();
    await page.goto(`${desk.base}/admin`);
    await page.evaluate(() =>
      localStorage.setItem(
        'frontdesk.session.admin',
        JSON.stringify({
          token: 'expired.token.value',
          role: 'approver',
          sub: 'ana',
          expiresAt: '2999-01-01T00:00:00Z',
        }),
      ),
    );
    await page.goto(`${desk.base}/admin/inbox`);
    await page.getByText('Your session has expired. Please sign in again.').waitFor({ timeout: 10_000 });
    await desk.shot(page, '15-dashboard-session-expired');
    await page.close();
    expect(desk.foreign).toEqual([]);
  }, 30_000);

  it('shows a confirmed cancellation waiting for an approver, then the tool calls it made on the timeline', async () => {
    // The conversation itself is the desk's (the portal is covered above): a shipped order, then a yes.
    const asked = await desk.app.runtime.desk.ask({
      customerId: 'cus_04',
      text: 'Please cancel my order ord_1009',
    });
    const confirmed = await desk.app.runtime.desk.ask({
      customerId: 'cus_04',
      threadId: asked.threadId,
      text: 'yes please',
    });
    expect(confirmed.status).toBe('awaiting_approval');
    const { tenantId } = desk.app.runtime.config;
    const pending = await desk.app.runtime.stores.approvals.pending(tenantId);
    const approval = pending.find((a) => a.conversationId === asked.threadId)!;

    await approver.goto(`${desk.base}/admin/approvals/${approval.id}`);
    const proposed = approver.getByRole('region', { name: 'Proposed' });
    // The test before left an expired session in this browser: sign in again when asked.
    const signInAsked = approver.getByLabel('Demo user');
    await Promise.race([proposed.waitFor(), signInAsked.waitFor()]);
    if (await signInAsked.isVisible()) await signIn(approver, 'approver:ana');
    await proposed.getByText('Cancel the order').waitFor();
    await proposed.locator('.confirmed-statement blockquote', { hasText: 'Cancel order ord_1009' }).waitFor();
    expect(await approver.locator('.orders li.highlight').textContent()).toContain('ord_1009');
    await approver.getByText("The change itself can't be edited").waitFor();
    await desk.shot(approver, '16-dashboard-account-change-approval');
    await approver.setViewportSize({ width: 375, height: 740 });
    expect(await sidewaysOverflow(approver)).toBe(0);
    await desk.shot(approver, '16-dashboard-account-change-approval-phone');
    await approver.setViewportSize({ width: 1280, height: 860 });
    await approver.getByRole('button', { name: 'Approve' }).click();
    await approver.getByText(/Answered \(approve\)/).waitFor();

    // The timeline: the cancellation's tool call sits under the step that made it, its arguments folded
    // until opened from the keyboard, the confirmation token masked.
    await expect
      .poll(
        async () =>
          (await desk.app.runtime.stores.decisions.byConversation(tenantId, asked.threadId)).map(
            (d) => d.outcome,
          ),
        { timeout: 15_000 },
      )
      .toContain('performed:cancel_order');
    await approver.goto(`${desk.base}/admin/conversations/${asked.threadId}`);
    await approver.getByRole('button', { name: 'Technical details' }).click();
    const performed = approver.locator('tbody', { hasText: 'performed:cancel_order' });
    await performed.waitFor({ timeout: 15_000 });
    const call = performed.locator('tr.tool-call', { hasText: 'crm.cancel_order' });
    expect(await call.locator('.pill').textContent()).toBe('ok');
    const args = call.locator('.tool-arguments pre');
    expect(await args.isVisible()).toBe(false);
    await call.locator('summary').focus();
    await approver.keyboard.press('Enter');
    await args.waitFor();
    expect(await args.textContent()).toContain('"confirmationToken": "***"');
    await desk.shot(approver, '17-dashboard-timeline-tool-calls');
    await approver.setViewportSize({ width: 375, height: 740 });
    expect(await sidewaysOverflow(approver)).toBe(0);
    await desk.shot(approver, '17-dashboard-timeline-tool-calls-phone');
    await approver.setViewportSize({ width: 1280, height: 860 });
  }, 60_000);
});
