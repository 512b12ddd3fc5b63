// The people's workspace in Chromium: a customer chats, a person claims the conversation and replies — the
// customer sees them join, type and answer by name — then hands it back, and the agents' next answer uses
// what the person said. An unclaimed hand-off waits in "unassigned", is found by the customer's name,
// filtered by priority and claimed with the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  activitySeen,
  ask,
  browserSkipReason,
  openDesk,
  signIn,
  watchActivity,
  type Desk,
} from './browser.js';

const skip = browserSkipReason();

describe.skipIf(skip !== undefined)('taking a conversation over in Chromium', () => {
  let desk: Desk;
  let customer: Page;
  let agent: Page;
  beforeAll(async () => {
    desk = await openDesk();
    customer = await desk.newPage({ width: 375, height: 740 });
    agent = await desk.newPage();
  }, 90_000);
  afterAll(async () => desk?.close());

  it('a person claims, replies and hands back; the next agent answer uses what they said', async () => {
    await customer.goto(`${desk.base}/`);
    await signIn(customer, 'customer:cus_04');
    await ask(customer, 'How do I reset my password?');
    await customer.locator('.message-agent').first().waitFor({ timeout: 30_000 });
    const { tenantId } = desk.app.runtime.config;
    const [conversation] = await desk.app.runtime.stores.conversations.listByCustomer(tenantId, 'cus_04');
    const threadId = conversation!.id;

    await agent.goto(`${desk.base}/admin`);
    await signIn(agent, 'agent:sam');
    await agent.goto(`${desk.base}/admin/workspace/${threadId}`);
    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.getByText('Held by').waitFor();
    await customer
      .locator('.message-notice', { hasText: 'Sam from support joined the conversation' })
      .waitFor({
        timeout: 15_000,
      });
    await desk.shot(customer, '20-portal-person-joined-phone');

    await watchActivity(customer);
    const said = 'I have unlocked your account, so the reset link works again.';
    await agent.getByLabel(/Your reply/).fill(said);
    await expect
      .poll(() => activitySeen(customer), {
        timeout: 10_000,
      })
      .toContain('Sam from support is typing…');
    await desk.shot(agent, '21-dashboard-takeover-reply');
    await agent.getByRole('button', { name: 'Send reply' }).click();
    const reply = customer.locator('.message-human', { hasText: said });
    await reply.waitFor({ timeout: 15_000 });
    expect(await reply.locator('.message-author').textContent()).toBe('Sam from support');
    await desk.shot(customer, '22-portal-person-replied-phone');

    // A reload keeps the open conversation; the portal names the customer, and lists the conversation by
    // its subject with the latest message as a preview.
    await customer.reload();
    await customer.locator('.message-human', { hasText: said }).waitFor({ timeout: 15_000 });
    expect(new URL(customer.url()).searchParams.get('conversation')).toBe(threadId);
    await expect.poll(() => customer.locator('.topbar').textContent()).toContain('Daniel Reyes');
    const listed = customer.locator('.history-item[aria-current="true"]');
    expect(await listed.locator('.history-subject').textContent()).toBe('How do I reset my password?');
    await expect.poll(() => listed.locator('.history-preview').textContent()).toContain('I have unlocked');

    const summary = 'Account unlocked; the customer can reset the password with the emailed link.';
    await agent.getByLabel('Summary for the agents').fill(summary);
    await agent.getByRole('button', { name: 'Hand back' }).click();
    await agent.getByText('The agents are answering this conversation.').waitFor();
    await customer
      .locator('.message-notice', { hasText: 'left the conversation' })
      .waitFor({ timeout: 15_000 });

    const answers = await customer.locator('.message-agent').count();
    await ask(customer, 'How do I reset my password?');
    await expect
      .poll(() => customer.locator('.message-agent').count(), { timeout: 30_000 })
      .toBeGreaterThan(answers);
    await expect
      .poll(() => customer.locator('.message-agent .message-text').last().textContent(), { timeout: 15_000 })
      .toContain(`Picking up from Sam on our team: ${summary}`);
    await desk.shot(customer, '23-portal-agents-pick-up-phone');
    expect(desk.foreign).toEqual([]);
  }, 120_000);

  it('finds an unclaimed hand-off in "unassigned" by name and priority, and claims it with the keyboard', async () => {
    const runtime = desk.app.runtime;
    const first = await runtime.desk.ask({ customerId: 'cus_05', text: "I can't log in" });
    const escalated = await runtime.desk.ask({
      customerId: 'cus_05',
      text: 'Still not working',
      threadId: first.threadId,
    });
    expect(escalated.status).toBe('escalated');

    await agent.goto(`${desk.base}/admin/inbox/unassigned`);
    const row = agent.locator('tr.inbox-row', { hasText: 'Emma Lindqvist' });
    await row.waitFor({ timeout: 15_000 });
    await agent.getByRole('searchbox', { name: 'Search' }).fill('Lindqvist');
    await expect.poll(() => agent.locator('tr.inbox-row').count()).toBe(1);
    await row.waitFor();

    // Its priority as triage gave it: filtering by it keeps the row, by another leaves nothing.
    const listed = (
      await runtime.workspace.inbox(
        { handle: 'sam', role: 'agent' },
        {
          view: 'unassigned',
          q: 'Lindqvist',
          limit: 10,
        },
      )
    )[0]!;
    const priority = agent.getByLabel('Priority');
    await priority.selectOption(listed.priority);
    await row.waitFor();
    await priority.selectOption(listed.priority === 'low' ? 'urgent' : 'low');
    await expect.poll(() => agent.locator('tr.inbox-row').count()).toBe(0);
    await priority.selectOption(listed.priority);
    await row.waitFor();
    await desk.shot(agent, '24-dashboard-inbox-unassigned');

    // The keyboard: ? lists the shortcuts, c claims the selected conversation and opens it.
    await agent.getByRole('heading', { name: 'Inbox' }).click();
    await agent.keyboard.press('?');
    await agent.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await agent.keyboard.press('c');
    await agent.waitForURL(`**/admin/workspace/${first.threadId}`);
    await agent.getByText('Held by').waitFor();
    const hold = await runtime.stores.assignments.holderOf(runtime.config.tenantId, first.threadId);
    expect(hold?.holder).toBe('sam');
  }, 120_000);
});
