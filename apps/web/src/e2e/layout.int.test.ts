// Every page of the portal and the dashboard, on a desktop (1280 × 800) and a phone (375 × 812), in
// Chromium against a real desk with a little of everything in it (answered and waiting conversations, a
// parked email, a dead webhook delivery): no page scrolls sideways, no element overlaps another (read from
// the element boxes), no message of the open conversation is cut off, and axe-core (from node_modules,
// injected into the page) finds no serious or critical violation. Screenshots go to artifacts/e2e/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role } from '../../../server/src/security/index.js';
import { browserSkipReason, openDesk, type Desk } from './browser.js';

const skip = browserSkipReason();
// Evaluated through the browser's devtools protocol: the desk's Content-Security-Policy (rightly) refuses
// an injected script tag.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 812 },
] as const;

interface Overlap {
  a: string;
  b: string;
}

/**
 * Pairs of visible elements whose boxes overlap by more than a couple of pixels while neither contains the
 * other. Boxes are clipped to the scrolling containers they sit in (a wide table scrolls inside its card);
 * inline elements are measured line by line, so a link wrapping onto two lines is two boxes.
 */
function overlapsInPage(): Overlap[] {
  const selector =
    'h1,h2,h3,h4,p,a,button,input,select,textarea,label,li,th,td,.pill,img,svg,time,blockquote,legend,summary,pre,code,mark,.message,.stream-badge';
  interface Rect {
    left: number;
    top: number;
    right: number;
    bottom: number;
  }
  const name = (e: Element) => {
    const text = (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const cls = typeof e.className === 'string' && e.className ? `.${e.className.split(' ').join('.')}` : '';
    return `${e.tagName.toLowerCase()}${cls} "${text}"`;
  };
  const visible = (e: Element) => {
    for (let n: Element | null = e; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0)
        return false;
    }
    return true;
  };
  const clipOf = (e: Element): Rect => {
    let clip: Rect = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
    for (let n = e.parentElement; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.clipPath !== 'none') {
        const r = n.getBoundingClientRect();
        clip = {
          left: Math.max(clip.left, r.left),
          top: Math.max(clip.top, r.top),
          right: Math.min(clip.right, r.right),
          bottom: Math.min(clip.bottom, r.bottom),
        };
      }
    }
    return clip;
  };
  const boxes: Array<{ element: Element; rects: Rect[] }> = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!visible(element)) continue;
    const clip = clipOf(element);
    const rects = [...element.getClientRects()]
      .map((r) => ({
        left: Math.max(r.left, clip.left),
        top: Math.max(r.top, clip.top),
        right: Math.min(r.right, clip.right),
        bottom: Math.min(r.bottom, clip.bottom),
      }))
      // Visually hidden text (1 px) and boxes clipped away entirely take no room on the screen.
      .filter((r) => r.right - r.left > 2 && r.bottom - r.top > 2);
    if (rects.length > 0) boxes.push({ element, rects });
  }
  const found: Overlap[] = [];
  const SLACK = 2;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const hit = a.rects.some((p) =>
        b.rects.some(
          (q) =>
            Math.min(p.right, q.right) - Math.max(p.left, q.left) > SLACK &&
            Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > SLACK,
        ),
      );
      if (hit) found.push({ a: name(a.element), b: name(b.element) });
    }
  }
  return found;
}

/** Whether the first and the last message of the open conversation can be read in full, scrolled to. */
function clippedMessages(): string[] {
  const list = document.querySelector('.messages');
  const messages = list ? [...list.querySelectorAll('.message')] : [];
  if (!list || messages.length === 0) return [];
  const cut: string[] = [];
  list.scrollTop = 0;
  if (messages[0]!.getBoundingClientRect().top < list.getBoundingClientRect().top - 1) {
    cut.push('the first message starts above the top of the list');
  }
  list.scrollTop = list.scrollHeight;
  if (messages.at(-1)!.getBoundingClientRect().bottom > list.getBoundingClientRect().bottom + 1) {
    cut.push('the last message ends below the bottom of the list');
  }
  // The list itself is on the screen, not pushed below the window or under the composer.
  const { bottom } = list.getBoundingClientRect();
  if (bottom > window.innerHeight + 1 && document.documentElement.scrollHeight <= window.innerHeight) {
    cut.push('the list runs below the window');
  }
  return cut;
}

describe.skipIf(skip !== undefined)('every page at desktop and phone sizes', () => {
  let desk: Desk;
  let threadId: string;
  let waitingId: string;
  let articleId: string;
  let heldId: string;
  let approvalId: string;

  beforeAll(async () => {
    desk = await openDesk();
    const { runtime } = desk.app;
    const tenantId = runtime.config.tenantId;
    threadId = (await runtime.desk.ask({ customerId: 'cus_01', text: 'How do I reset my password?' }))
      .threadId;
    const stated = await runtime.desk.ask({
      customerId: 'cus_01',
      text: 'My espresso machine arrived damaged, I need a refund',
    });
    waitingId = (
      await runtime.desk.ask({ customerId: 'cus_01', text: 'Yes please', threadId: stated.threadId })
    ).threadId;
    await runtime.stores.channelEmails.record(tenantId, {
      id: 'eml_layout',
      direction: 'in',
      messageId: '<layout-check@example.com>',
      address: 'someone.with.a.long.address@example.com',
      subject: 'Only an attachment',
      status: 'parked',
      reason: 'The email has no text to answer (only an attachment)',
      sizeBytes: 48_213,
    });
    await runtime.stores.webhooks.subscribe(tenantId, {
      id: 'whk_layout',
      url: 'http://127.0.0.1:9/hooks',
      topics: ['agent.actions'],
      secret: 'whsec_layout',
    });
    await runtime.stores.webhooks.addDelivery(tenantId, {
      id: 'dlv_layout',
      subscriptionId: 'whk_layout',
      eventId: 'evt_layout',
      topic: 'agent.actions',
      eventType: 'agent.decided',
      body: '{}',
    });
    await runtime.stores.webhooks.attempted(tenantId, 'dlv_layout', {
      delivered: false,
      status: 503,
      error: 'Service Unavailable',
    });
    await runtime.stores.webhooks.setStatus(tenantId, 'dlv_layout', 'dead');
    articleId = (await runtime.stores.articles.list(tenantId))[0]!.id;
    approvalId = (await runtime.stores.approvals.pending(tenantId))[0]!.id;
    // The people's workspace: an unclaimed hand-off, and a conversation the admin took over, replied in
    // and noted, with a canned reply to pick.
    const start = await runtime.desk.ask({ customerId: 'cus_04', text: "I can't log in" });
    await runtime.desk.ask({ customerId: 'cus_04', text: 'Still not working', threadId: start.threadId });
    heldId = (await runtime.desk.ask({ customerId: 'cus_01', text: 'My account is locked' })).threadId;
    const root = { handle: 'root', role: 'admin' as const };
    await runtime.workspace.takeover.claim(heldId, root);
    await runtime.workspace.work.reply(heldId, root, 'I have unlocked your account; try signing in again.');
    await runtime.workspace.work.addNote(
      heldId,
      root,
      'Locked after five wrong passwords; unlocked by hand.',
    );
    await runtime.workspace.saveCannedReply(root, {
      title: 'Reset link',
      body: 'Here is a link to reset your password: it works for 24 hours.',
    });
  }, 300_000);
  afterAll(async () => desk?.close());

  /** A session in the page's storage before it loads, as signing in leaves it. */
  async function signedIn(page: Page, area: 'portal' | 'admin', role: Role, sub: string) {
    const token = await desk.app.mint({ role, sub, tenant: desk.app.runtime.config.tenantId }, 3_600);
    const session = { token, role, sub, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    await page.addInitScript(
      ([key, value]) => window.localStorage.setItem(key!, value!),
      [`frontdesk.session.${area}`, JSON.stringify(session)],
    );
  }

  interface Target {
    name: string;
    path: string;
    as: 'customer' | 'admin' | undefined;
    /** Opens what the page shows only on request (a dialog, an editor) before it is checked. */
    open?: (page: Page) => Promise<void>;
  }

  const pages = (): Target[] => [
    { name: 'portal-sign-in', path: '/', as: undefined },
    { name: 'portal-conversation', path: `/?conversation=${threadId}`, as: 'customer' as const },
    { name: 'portal-waiting', path: `/?conversation=${waitingId}`, as: 'customer' as const },
    { name: 'dashboard-sign-in', path: '/admin', as: undefined },
    { name: 'portal-with-person', path: `/?conversation=${heldId}`, as: 'customer' as const },
    { name: 'dashboard-inbox', path: '/admin/inbox', as: 'admin' as const },
    {
      name: 'dashboard-inbox-all',
      path: '/admin/inbox/all',
      as: 'admin' as const,
      open: async (page) => {
        await page.locator('tr.inbox-row').first().waitFor({ timeout: 15_000 });
        await page.getByRole('heading', { name: 'Inbox' }).click();
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      },
    },
    {
      name: 'dashboard-inbox-unassigned',
      path: '/admin/inbox/unassigned',
      as: 'admin' as const,
      open: (page) => page.locator('tr.inbox-row').first().waitFor({ timeout: 15_000 }),
    },
    {
      name: 'dashboard-inbox-mine',
      path: '/admin/inbox/mine',
      as: 'admin' as const,
      open: (page) => page.locator('tr.inbox-row').first().waitFor({ timeout: 15_000 }),
    },
    {
      name: 'dashboard-takeover',
      path: `/admin/workspace/${heldId}`,
      as: 'admin' as const,
      open: async (page) => {
        await page.getByRole('button', { name: 'Manage canned replies' }).click();
        await page.getByRole('button', { name: 'Edit' }).first().waitFor();
      },
    },
    { name: 'dashboard-approval', path: `/admin/approvals/${approvalId}`, as: 'admin' as const },
    { name: 'dashboard-conversations', path: '/admin/conversations', as: 'admin' as const },
    { name: 'dashboard-timeline', path: `/admin/conversations/${waitingId}`, as: 'admin' as const },
    { name: 'dashboard-feed', path: '/admin/feed', as: 'admin' as const },
    { name: 'dashboard-analytics', path: '/admin/analytics', as: 'admin' as const },
    { name: 'dashboard-knowledge', path: '/admin/knowledge', as: 'admin' as const },
    { name: 'dashboard-article', path: `/admin/knowledge/${articleId}`, as: 'admin' as const },
    { name: 'dashboard-channels', path: '/admin/channels', as: 'admin' as const },
    { name: 'dashboard-status', path: '/admin/status', as: 'admin' as const },
  ];

  it('finds overlapping elements when there are some (the check itself can fail)', async () => {
    const page = await desk.newPage({ width: 375, height: 812 });
    await page.setContent(
      '<main><p style="position:absolute;top:10px;left:10px;width:200px">one</p>' +
        '<p style="position:absolute;top:20px;left:20px;width:200px">two</p><p>apart</p></main>',
    );
    expect(await page.evaluate(overlapsInPage)).toEqual([{ a: 'p "one"', b: 'p "two"' }]);
    await page.close();
  });

  it('has no sideways scrolling, no overlapping elements, no cut-off message and no serious axe violation', async () => {
    const problems: string[] = [];
    for (const viewport of viewports) {
      for (const target of pages()) {
        const page = await desk.newPage({ width: viewport.width, height: viewport.height });
        // The browser profile is shared by every page: a sign-in page starts with nobody signed in.
        if (!target.as) await page.addInitScript(() => window.localStorage.clear());
        if (target.as === 'customer') await signedIn(page, 'portal', 'customer', 'cus_01');
        if (target.as === 'admin') await signedIn(page, 'admin', 'admin', 'root');
        await page.goto(`${desk.base}${target.path}`);
        await page.locator('h1, h2').first().waitFor({ timeout: 15_000 });
        // Every part of the page has loaded (or said why not).
        await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
        await target.open?.(page);
        if (target.name.startsWith('portal-') && target.as) {
          await page.locator('.messages .message').first().waitFor({ timeout: 15_000 });
        }
        const where = `${target.name} at ${viewport.width}×${viewport.height}`;
        const sideways = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        if (sideways > 0) problems.push(`${where}: scrolls ${sideways}px sideways`);
        for (const { a, b } of await page.evaluate(overlapsInPage))
          problems.push(`${where}: ${a} overlaps ${b}`);
        for (const cut of await page.evaluate(clippedMessages))
          problems.push(`${where}: message cut off: ${cut}`);
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } })
            .axe;
          interface AxeResults {
            violations: Array<{ id: string; impact?: string; nodes: Array<{ target: string[] }> }>;
          }
          const results = await axe.run(document, { resultTypes: ['violations'] });
          return results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        for (const violation of violations) problems.push(`${where}: axe ${violation}`);
        await desk.shot(page, `layout-${target.name}-${viewport.name}`);
        await page.close();
      }
    }
    expect(desk.foreign).toEqual([]);
    expect(problems).toEqual([]);
  }, 600_000);
});
