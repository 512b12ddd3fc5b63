// The command line beside a running desk: on the same embedded data it goes through the desk's API (the
// database is held by the desk) — event replay, demo reset, training and triage rules included, and `mcp`
// bridges stdio to the desk's MCP endpoint — FRONTDESK_URL points it at any desk, and a wrong URL or token
// says which.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { frontdeskBin, runCli, runCliJson, withoutBrokers } from '../testing/cli.js';

/** An address nothing listens on (a port that was free a moment ago). */
async function closedAddress(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  return address;
}

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
    const nobody = await closedAddress();
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

  it('ingests and searches the knowledge base through the desk', async () => {
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
  }, 120_000);

  it('replays a topic of the event log through the desk, page after page', async () => {
    const asked = await runCliJson<{ requestId: string }>(
      ['ask', '--customer', 'cus_02', 'Where is my order?'],
      env,
    );
    expect(asked.code).toBe(0);
    const replay = await runCliJson<{ events: Array<{ sequence: number; event: { requestId: string } }> }>(
      ['events', 'replay', '--topic', 'customer.requests'],
      env,
    );
    expect(replay.code).toBe(0);
    expect(replay.json.events.map((e) => e.event.requestId)).toContain(asked.json.requestId);
    const sequences = replay.json.events.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    // The route itself answers a page at a time and says where the next one starts.
    const admin = (await runCli(['token', '--role', 'admin', '--sub', 'root'], env)).stdout.trim();
    const page = (await (
      await fetch(`${url}/v1/events/replay?topic=customer.requests&limit=1`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { events: Array<{ sequence: number }>; nextFrom?: number };
    expect(page.events).toEqual([expect.objectContaining({ sequence: sequences[0] })]);
    expect(page.nextFrom).toBe(sequences[1]);
    const agent = (await runCli(['token', '--role', 'agent', '--sub', 'sam'], env)).stdout.trim();
    const refused = await fetch(`${url}/v1/events/replay?topic=customer.requests`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  }, 120_000);

  it('trains a new intent model version and sets the triage rules through the desk', async () => {
    const csv = join(dataDir, 'intents.csv');
    writeFileSync(
      csv,
      'text,label\nforgot my password,password_reset\nreset password,password_reset\n' +
        "can't log in,sign_in_problem\nsign in fails,sign_in_problem\n",
    );
    const trained = await runCliJson<{ model: { version: number; examples: number; source: string } }>(
      ['train', '--data', csv],
      env,
    );
    expect(trained.code).toBe(0);
    // Version 1 is the model the desk trained on the demo examples at its first start.
    expect(trained.json.model).toMatchObject({ version: 2, examples: 4, source: 'intents.csv' });
    const listed = await runCliJson<{ versions: Array<{ version: number }> }>(['train', '--list'], env);
    expect(listed.json.versions.map((v) => v.version)).toEqual([2, 1]);
    // A bad file is refused before anything is sent, naming its line.
    writeFileSync(csv, 'text,label\nhi,greeting\nthanks,\n');
    const bad = await runCli(['train', '--data', csv], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('error TRAINING_DATA_INVALID: Empty label on line 3');

    const rules = join(dataDir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ urgencyBoost: 3, negativeTerms: ['appalling'] }));
    const saved = await runCli(['triage-rules', 'set', rules], env);
    expect(saved.code).toBe(0);
    const shown = await runCliJson<{ urgencyBoost: number; negativeTerms: string[]; vipBoost: number }>(
      ['triage-rules', 'show'],
      env,
    );
    expect(shown.json).toMatchObject({ urgencyBoost: 3, negativeTerms: ['appalling'], vipBoost: 1 });
    writeFileSync(rules, JSON.stringify({ urgencyBoost: 42 }));
    const refused = await runCli(['triage-rules', 'set', rules], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error VALIDATION_FAILED: .*urgencyBoost/);
  }, 120_000);

  it('serves an MCP client on stdio by bridging to the desk, and says in one line when it cannot', async () => {
    const client = new Client({ name: 'remote-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [frontdeskBin, 'mcp', 'crm', '--role', 'agent', '--as', 'sam'],
      env: { ...(withoutBrokers(process.env) as Record<string, string>), ...env },
      stderr: 'pipe',
    });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('get_customer');
      const answer = await client.callTool({ name: 'get_customer', arguments: { customerId: 'cus_01' } });
      expect(answer.isError).toBeFalsy();
      expect(JSON.stringify(answer.content)).toContain('cus_01');
    } finally {
      await client.close();
    }
    // It ran in the desk: this embedded database opens in one process only, and the desk holds it.

    const nobody = await closedAddress();
    const unreachable = await runCli(['mcp', 'crm'], { FRONTDESK_URL: nobody, FRONTDESK_TOKEN: 'anything' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr.trim()).toBe(
      `error DESK_UNREACHABLE: No desk answers at ${nobody} (from FRONTDESK_URL): ECONNREFUSED`,
    );
    const refused = await runCli(['mcp', 'crm'], { FRONTDESK_URL: url, FRONTDESK_TOKEN: 'not-a-token' });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `error DESK_CREDENTIALS_REFUSED: The desk at ${url} refused FRONTDESK_TOKEN`,
    );
    const badKey = await runCli(['events', 'replay', '--topic', 'customer.requests'], {
      FRONTDESK_URL: url,
      FRONTDESK_API_KEY: 'fd_not_a_key',
    });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr.trim()).toBe(
      `error DESK_CREDENTIALS_REFUSED: The desk at ${url} refused FRONTDESK_API_KEY`,
    );
  }, 120_000);

  it('reloads the demo store through the desk', async () => {
    const reset = await runCliJson<{ reset: boolean; customers: number; orders: number }>(
      ['demo', 'reset'],
      env,
    );
    expect(reset.code).toBe(0);
    expect(reset.json).toMatchObject({ reset: true, customers: 20 });
    const admin = (await runCli(['token', '--role', 'admin', '--sub', 'root'], env)).stdout.trim();
    const { conversations } = (await (
      await fetch(`${url}/v1/conversations`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { conversations: unknown[] };
    expect(conversations).toEqual([]);
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
