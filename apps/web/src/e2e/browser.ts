// End-to-end support: Debian's Chromium driven by playwright-core (never a downloaded browser) with a fresh
// profile, a real desk on a free port and a scratch data directory, the web app built if needed, and a
// guard that fails the test if a page asks any host but the desk's own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../server/src/testing/http.js';
import { inCi } from '../../../server/src/testing/databases.js';
import { runtimeTargets } from '../../../server/src/testing/runtime.js';

export const chromiumPath = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
export const artifacts = join(repo, 'artifacts', 'e2e');

/** Why the browser suite cannot run here, or undefined. In CI a missing browser fails instead. */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const reason = `${chromiumPath} is missing (apt-get install -y chromium)`;
  if (inCi) throw new Error(`CI needs the browser: ${reason}`);
  console.warn(`skipping the end-to-end suite: ${reason}`);
  return reason;
}

export interface Desk {
  base: string;
  app: TestApp;
  context: BrowserContext;
  /** URLs of requests the pages made to any other host (must stay empty). */
  foreign: string[];
  /** Lets pages reach one more host (a test's own page on another origin). */
  allow(host: string): void;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDesk(): Promise<Desk> {
  // Build the app when this suite runs on its own (npm test builds it first).
  execFileSync(process.execPath, [join(repo, 'apps/web/scripts/ensure-built.js')], { stdio: 'inherit' });
  const [embedded] = await runtimeTargets();
  const app = await startTestApp(embedded!, { streamPollMs: 200, heartbeatMs: 5_000 });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const profile = mkdtempSync(join(tmpdir(), 'frontdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 860 },
  });
  const foreign: string[] = [];
  const allowed = new Set([new URL(base).host]);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && !allowed.has(url.host)) {
      foreign.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  mkdirSync(artifacts, { recursive: true });
  return {
    base,
    app,
    context,
    foreign,
    allow: (host) => void allowed.add(host),
    newPage: async (viewport) => {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    shot: async (page, name) => {
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await app.dispose();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in as a demo user (`customer:cus_01`, `agent:sam`…) from the sign-in page, and returns once the page
 * holds the session (the form is gone). A click alone returns before the token arrives: a navigation right
 * after it would abort the sign-in and land on the sign-in page again, as it did on a busy CI machine.
 */
export async function signIn(page: Page, option: string): Promise<void> {
  const user = page.getByLabel('Demo user');
  await user.selectOption(option);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await user.waitFor({ state: 'detached', timeout: 30_000 });
}

/** Sends a message from the portal's chat. */
export async function ask(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByLabel('Your message').press('Enter');
}

/** Records every status line the chat shows, so a test can tell what the customer saw while agents worked. */
export async function watchActivity(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { activity: string[] }).activity = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.activity')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The status lines `watchActivity` recorded, in order. */
export const activitySeen = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { activity: string[] }).activity);
