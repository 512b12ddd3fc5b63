// Issue 17, item 4: a desk killed with SIGKILL while requests are in flight starts again, listens at once and
// finishes every one of them (its task queue takes the runs back) — it never hangs on what it left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontdeskBin, withoutBrokers } from '../testing/cli.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../testing/runtime.js';

const MESSAGES = 6;

/** Starts `frontdesk start --json` on a free port; resolves with its URL once it listens. */
function startDesk(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [frontdeskBin, 'start', '--json'], {
      env: {
        // The inline task runner's lease table is the take-over under test here (the BullMQ adapter's
        // stalled-job take-over is its own library's), so the desk gets no Redis or NATS from CI's environment.
        ...withoutBrokers(process.env),
        LOG_LEVEL: 'warn',
        PORT: '0',
        FRONTDESK_DEV_LOGIN: 'true',
        // The test polls every thread many times a second from one address; the limits are not under test.
        FRONTDESK_RATE_LIMIT: '100000',
        FRONTDESK_RATE_LIMIT_IP: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`frontdesk start did not listen within 90 s:\n${stderr}`));
    }, 90_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /"url":\s*"([^"]+)"/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`frontdesk start exited with ${code} before listening:\n${stderr}`));
    });
  });
}

async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

async function customerToken(url: string, customerId: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', sub: customerId }),
  });
  return ((await response.json()) as { token: string }).token;
}

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `a desk killed with requests in flight, on ${target.name}`,
    () => {
      let location: TestLocation;
      let child: ChildProcess | undefined;
      beforeAll(async () => {
        location = await target.prepare();
      });
      afterAll(async () => {
        await kill(child, 'SIGKILL');
        await location?.dispose();
      });

      it('starts again, listens, and finishes every request it left behind, each once', async () => {
        const first = await startDesk(location.env);
        child = first.child;
        const threads: string[] = [];
        for (let i = 0; i < MESSAGES; i += 1) {
          const customerId = `cus_${String(i + 1).padStart(2, '0')}`;
          const token = await customerToken(first.url, customerId);
          const response = await fetch(`${first.url}/v1/conversations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ text: 'How do I reset my password? It says my link expired.' }),
          });
          expect(response.status).toBe(202);
          threads.push(((await response.json()) as { threadId: string }).threadId);
        }
        // Killed at once: the runs of most of these messages are queued or half-way.
        await kill(child, 'SIGKILL');
        child = undefined;

        const startedAt = Date.now();
        const second = await startDesk(location.env);
        child = second.child;
        expect(Date.now() - startedAt).toBeLessThan(90_000);
        // It listens first and is ready once its help centre is synced (a moment, or a re-embedding when the
        // kill interrupted the first sync): within a bounded time, while it takes the runs back.
        let ready = 0;
        for (const until = Date.now() + 60_000; ready !== 200 && Date.now() < until;) {
          ready = (await fetch(`${second.url}/health/ready`)).status;
          if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(ready).toBe(200);
        // Every request settles (the task queue took the runs back), within a bounded time.
        const deadline = Date.now() + 90_000;
        let unsettled: string[] = threads;
        while (Date.now() < deadline) {
          const statuses = await Promise.all(
            threads.map(async (threadId, i) => {
              const token = await customerToken(second.url, `cus_${String(i + 1).padStart(2, '0')}`);
              const response = await fetch(`${second.url}/v1/conversations/${threadId}`, {
                headers: { authorization: `Bearer ${token}` },
              });
              const body = (await response.json()) as { requests: Array<{ runStatus: string }> };
              // Settled: delivered, or waiting for a person (a VIP's reply is reviewed first).
              const settled = body.requests.every((r) => r.runStatus === 'done' || r.runStatus === 'waiting');
              return { threadId, done: settled, body };
            }),
          );
          unsettled = statuses.filter((status) => !status.done).map((status) => JSON.stringify(status.body));
          if (unsettled.length === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(unsettled).toEqual([]);
        await kill(child, 'SIGTERM');
        child = undefined;
        // None ran twice: one reply per request, and the task queue holds nothing left over.
        const runtime = await openTestRuntime(location, {}, { work: false });
        try {
          for (const threadId of threads) {
            const conversation = await runtime.stores.conversations.get('demo', threadId);
            expect(conversation).toBeDefined();
          }
          // Each delivered request has exactly one reply, and none has two.
          const replies = await runtime.db.query<{ run_status: string; n: number }>(
            `SELECT r.run_status, count(m.id)::int AS n FROM requests r
           LEFT JOIN messages m ON m.tenant_id = r.tenant_id AND m.request_id = r.id AND m.role = 'agent'
           WHERE r.tenant_id = 'demo' AND r.conversation_id = ANY ($1::text[])
           GROUP BY r.id, r.run_status`,
            [threads],
          );
          expect(replies).toHaveLength(MESSAGES);
          // A request waiting for a person has at most the acknowledgement that someone checks the answer.
          for (const row of replies)
            if (row.run_status === 'done') expect(row.n).toBe(1);
            else expect(row.n).toBeLessThanOrEqual(1);
          expect(await runtime.stores.requests.unfinished('demo')).toEqual([]);
        } finally {
          await runtime.close();
        }
      }, 300_000);
    },
  );
}
