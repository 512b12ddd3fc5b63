// The command line beside a running desk: on the same embedded data it goes through the desk's API (the
// database is held by the desk), FRONTDESK_URL points it at any desk, and a wrong URL or token says which.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontdeskBin, runCli, runCliJson } from '../testing/cli.js';

describe('frontdesk commands beside a running desk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-remote-'));
  const env = { FRONTDESK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  const noteFile = join(dataDir, 'desk.json');
  let desk: ChildProcess;
  let url: string;

  beforeAll(async () => {
    desk = spawn(process.execPath, [frontdeskBin, 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    desk.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let waited = 0; !existsSync(noteFile); waited += 100) {
      if (waited > 230_000 || desk.exitCode !== null) throw new Error(`the desk did not start:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    url = (JSON.parse(readFileSync(noteFile, 'utf8')) as { url: string }).url;
  }, 240_000);

  afterAll(async () => {
    if (desk.exitCode === null) {
      desk.kill('SIGTERM');
      await once(desk, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists customers through the desk while it holds the embedded database', async () => {
    const { code, json } = await runCliJson<{ customers: Array<{ id: string; orders: unknown[] }> }>(
      ['customers', 'list'],
      env,
    );
    expect(code).toBe(0);
    expect(json.customers).toHaveLength(20);
    expect(json.customers[0]?.orders[0]).toMatchObject({ id: 'ord_1001', total: { amountMinor: 74_900 } });
  });

  it('goes to the desk named by FRONTDESK_URL with a token', async () => {
    const token = (await runCli(['token', '--role', 'agent', '--sub', 'sam'], env)).stdout.trim();
    const other = {
      FRONTDESK_DATA_DIR: join(dataDir, 'elsewhere'),
      FRONTDESK_URL: url,
      FRONTDESK_TOKEN: token,
    };
    const { code, json } = await runCliJson<{ customers: unknown[] }>(['customers', 'list'], other);
    expect(code).toBe(0);
    expect(json.customers).toHaveLength(20);
  });

  it('says in one line that FRONTDESK_URL does not answer, or that the token was refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await runCli(['customers', 'list'], {
      FRONTDESK_URL: nobody,
      FRONTDESK_TOKEN: 'anything',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr.trim()).toBe(
      `error DESK_UNREACHABLE: No desk answers at ${nobody} (from FRONTDESK_URL): ECONNREFUSED`,
    );
    const refused = await runCli(['customers', 'list'], {
      FRONTDESK_URL: url,
      FRONTDESK_TOKEN: 'not-a-token',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `error DESK_CREDENTIALS_REFUSED: The desk at ${url} refused FRONTDESK_TOKEN`,
    );
  });

  it('asks, reads the history, lists drafts and approvals through the desk that holds the database', async () => {
    // Opening the embedded database here would fail (the desk holds it): success means the API was used.
    const asked = await runCliJson<{ status: string; reply?: string; threadId: string }>(
      ['ask', '--customer', 'cus_01', 'How do I reset my password?'],
      env,
    );
    expect(asked.code).toBe(0);
    expect(asked.json).toMatchObject({ status: 'done' });
    expect(asked.json.reply).toMatch(/password/i);
    const history = await runCliJson<{ checkpoints: Array<{ checkpointId: string }> }>(
      ['history', asked.json.threadId],
      env,
    );
    expect(history.code).toBe(0);
    expect(history.json.checkpoints.length).toBeGreaterThan(0);
    const drafts = await runCliJson<{ drafts: unknown[] }>(['kb', 'drafts', 'list'], env);
    expect(drafts.code).toBe(0);
    expect(Array.isArray(drafts.json.drafts)).toBe(true);
    const listed = await runCliJson<{ approvals: unknown[] }>(['approvals', 'list'], env);
    expect(listed.code).toBe(0);
    expect(Array.isArray(listed.json.approvals)).toBe(true);
    const unknown = await runCli(
      ['approvals', 'approve', 'apr_missing', '--as', 'ana', '--role', 'approver'],
      env,
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/APPROVAL_NOT_FOUND/);
  }, 120_000);

  it('ingests and searches the knowledge base through the desk, and says in one line why a database-only command cannot run', async () => {
    const folder = join(dataDir, 'articles');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'descaling.md'),
      '# Descaling the Aurora kettle\n\nRun white vinegar through the Aurora kettle monthly to descale it.\n',
    );
    const ingested = await runCliJson<{ documents: Array<{ status: string; state: string }> }>(
      ['kb', 'ingest', folder, '--area', 'kettles'],
      env,
    );
    expect(ingested.code).toBe(0);
    expect(ingested.json.documents).toMatchObject([{ status: 'published', state: 'ready' }]);
    const descaling = await runCliJson<{ results: Array<{ title: string }> }>(
      ['kb', 'search', 'descale the Aurora kettle', '--area', 'kettles'],
      env,
    );
    expect(descaling.json.results[0]?.title).toBe('Descaling the Aurora kettle');
    const found = await runCliJson<{ results: Array<{ title: string; passages: unknown[] }> }>(
      ['kb', 'search', 'reset password', '--limit', '2'],
      env,
    );
    expect(found.code).toBe(0);
    expect(found.json.results[0]?.title).toMatch(/password/i);
    expect(found.json.results[0]?.passages.length).toBeGreaterThan(0);
    const replay = await runCli(['events', 'replay', '--topic', 'customer.requests'], env);
    expect(replay.code).not.toBe(0);
    expect(replay.stderr.trim().split('\n')).toHaveLength(1);
    expect(replay.stderr).toContain(`error STORE_LOCKED: The desk at ${url}`);
    expect(replay.stderr).toContain('stop the desk first');
    const mcp = await runCli(['mcp', 'crm'], env);
    expect(mcp.code).not.toBe(0);
    expect(mcp.stderr).toContain('/mcp/crm');
  }, 120_000);

  it('answers --version and --help without loading the desk, and the note goes when the desk stops', async () => {
    const version = await runCli(['--version'], env);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/customers\s+Customers/);
    desk.kill('SIGTERM');
    await once(desk, 'exit');
    expect(existsSync(noteFile)).toBe(false);
  });
});
