// Issue 10's proof: one deployment of real processes — two `frontdesk serve`, two `frontdesk worker` — on
// PostgreSQL, Redis (BullMQ) and NATS JetStream. Forty conversations over WebSockets spread across both API
// processes; refunds wait for an approver, who answers through the *other* API process; one worker is killed
// with SIGKILL mid-run and BullMQ's stalled-job check hands its runs to the other worker. Every request settles
// exactly once, every stream carries its thread's events in order with no gap and no duplicate, and no refund
// is performed twice.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createScratchPostgres, postgresSkipReason } from '../testing/databases.js';
import { devToken, startDeskProcess, type DeskProcess } from '../testing/desk-processes.js';
import { deleteStreams, natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { deleteKeys, redisSkipReason, testRedisUrl } from '../testing/redis.js';

const CONVERSATIONS = 40;
/** Refunds of items these customers own: each is stated, confirmed with a yes, then waits for an approver. */
const REFUNDS: Record<string, string> = {
  cus_01: 'My espresso machine arrived damaged, I need a refund',
  cus_10: 'The tent from order ord_1020 arrived torn, I need a refund',
  cus_04: 'The Basecamp Two-Burner Stove from order ord_1008 arrived damaged, I need a refund',
  cus_06: 'The Braided Jute Rug from order ord_1011 arrived damaged, I need a refund',
};
const QUESTIONS = [
  'How do I reset my password? It says my link expired.',
  'What is your return policy?',
  'How long does shipping take?',
  'Thanks for the help last time!',
];
/** Who answers an approval, by the first role it allows (demo users). */
const answerer: Record<string, string> = { agent: 'sam', approver: 'ana', admin: 'root' };

interface Conversation {
  index: number;
  customerId: string;
  threadId: string;
  /** The API process it was started on (and streams from); approvals go through the other one. */
  api: DeskProcess;
  other: DeskProcess;
  refund: boolean;
  saidYes: boolean;
  /** Durable event ids the WebSocket received, in order of arrival. */
  received: number[];
  socket: WebSocket;
}

const missing = (await postgresSkipReason()) ?? (await redisSkipReason()) ?? (await natsSkipReason());

describe.skipIf(missing !== undefined)('a deployment of two API processes and two workers', () => {
  const prefix = randomEventsPrefix('scale');
  let scratch: { url: string; drop(): Promise<void> };
  let db: pg.Pool;
  let apis: DeskProcess[] = [];
  let workers: DeskProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    db = new pg.Pool({ connectionString: scratch.url, max: 2 });
    // pool.end() resolves once its clients are told to end, not once they have: dropping the database at
    // once may terminate one still closing, and the pool reports that as an 'error' event (fatal unheard).
    db.on('error', () => undefined);
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: testRedisUrl,
      NATS_URL: testNatsUrl,
      FRONTDESK_EVENTS_PREFIX: prefix,
      FRONTDESK_DEV_LOGIN: 'true',
      FRONTDESK_RATE_LIMIT: '100000',
      FRONTDESK_RATE_LIMIT_IP: '100000',
      // A killed worker's runs are found stalled within seconds, not BullMQ's default 30 s (the product's).
      FRONTDESK_TASK_LEASE_MS: '3000',
    };
    // The first process prepares the database (migrations, demo data, intent model); the others find it ready.
    apis.push(await startDeskProcess('serve', env));
    [apis[1], workers[0], workers[1]] = await Promise.all([
      startDeskProcess('serve', env),
      startDeskProcess('worker', env, ['--concurrency', '2']),
      startDeskProcess('worker', env, ['--concurrency', '2']),
    ]);
    apis = apis.filter(Boolean);
    workers = workers.filter(Boolean);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((each) => each.stop('SIGKILL')));
    await db?.end();
    await scratch?.drop();
    await deleteStreams(prefix);
    // The deployment's queue and session keys (named after its database, as runtime.ts names them).
    if (scratch) {
      const deployment = createHash('sha256').update(scratch.url).digest('hex').slice(0, 10);
      await deleteKeys(`frontdesk:tasks-${deployment}`);
      await deleteKeys(`frontdesk:${deployment}`);
    }
  });

  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await db.query<T>(sql, params)).rows;

  async function post(api: DeskProcess, path: string, token: string, body: object) {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    return { status: response.status, json };
  }

  function openStream(conversation: Omit<Conversation, 'socket'>, token: string): WebSocket {
    const socket = new WebSocket(
      `${conversation.api.url!.replace('http', 'ws')}/v1/conversations/${conversation.threadId}/ws?access_token=${token}`,
    );
    socket.on('message', (raw: Buffer) => {
      const event = JSON.parse(raw.toString()) as { id?: string };
      if (event.id) conversation.received.push(Number(event.id));
    });
    socket.on('error', () => undefined);
    return socket;
  }

  const started = Date.now();
  const mark = (what: string) =>
    console.log(`[scale-out] ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);

  it('settles every request once, streams every event once and in order, and survives a killed worker', async () => {
    const [apiA, apiB] = apis as [DeskProcess, DeskProcess];
    const staff = [await devToken(apiA.url!, 'agent', 'sam'), await devToken(apiB.url!, 'agent', 'sam')];
    const conversations: Conversation[] = [];
    const tokens = new Map<string, string>();
    const tokenOf = async (customerId: string) => {
      if (!tokens.has(customerId)) tokens.set(customerId, await devToken(apiA.url!, 'customer', customerId));
      return tokens.get(customerId)!;
    };

    // Forty conversations, alternating between the two API processes, each watched over a WebSocket there.
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, index) => {
        const customerId = `cus_${String((index % 20) + 1).padStart(2, '0')}`;
        const refund = index < 20 && REFUNDS[customerId] !== undefined;
        const api = index % 2 === 0 ? apiA : apiB;
        const other = api === apiA ? apiB : apiA;
        const text = refund ? REFUNDS[customerId]! : QUESTIONS[index % QUESTIONS.length]!;
        const accepted = await post(api, '/v1/conversations', await tokenOf(customerId), { text });
        expect(accepted.status).toBe(202);
        const base = {
          index,
          customerId,
          threadId: accepted.json.threadId as string,
          api,
          other,
          refund,
          saidYes: false,
          received: [],
        };
        conversations.push({ ...base, socket: openStream(base, staff[index % 2]!) });
      }),
    );
    expect(conversations).toHaveLength(CONVERSATIONS);
    mark('accepted');
    const byThread = new Map(conversations.map((c) => [c.threadId, c]));

    // Drive the deployment: confirm stated refunds, answer approvals through the other API process, and
    // kill one worker with SIGKILL while runs are in flight.
    const answered = new Set<string>();
    let killed = false;
    const deadline = Date.now() + 150_000;
    for (;;) {
      const requests = await query<{
        conversation_id: string;
        run_status: string;
        last_error: string | null;
      }>(`SELECT conversation_id, run_status, last_error FROM requests WHERE tenant_id = 'demo'`);
      const failed = requests.filter((r) => r.run_status === 'failed');
      expect(failed).toEqual([]);
      const done = requests.filter((r) => r.run_status === 'done').length;
      if (!killed && done >= 6) {
        // Both workers are busy with the backlog now: this one dies mid-run, holding runs.
        await workers[1]!.stop('SIGKILL');
        killed = true;
        mark('killed');
      }
      const waiting = await query<{ id: string; conversation_id: string; allowed_roles: string[] }>(
        `SELECT a.id, a.conversation_id, a.allowed_roles FROM approvals a
         JOIN requests r ON r.tenant_id = a.tenant_id AND r.id = a.request_id
         WHERE a.tenant_id = 'demo' AND a.status = 'pending' AND r.run_status = 'waiting'`,
      );
      // Anything sent this round is looked at next round before the run can count as settled.
      let sent = false;
      for (const approval of waiting) {
        if (answered.has(approval.id)) continue;
        sent = true;
        answered.add(approval.id);
        const conversation = byThread.get(approval.conversation_id)!;
        const role = approval.allowed_roles[0]!;
        const token = await devToken(conversation.other.url!, role, answerer[role]!);
        const answer = await post(conversation.other, `/v1/approvals/${approval.id}/answer`, token, {
          decision: 'approve',
        });
        expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      }
      const openThreads = new Set(
        requests.filter((r) => r.run_status !== 'done').map((r) => r.conversation_id),
      );
      for (const conversation of conversations) {
        if (!conversation.refund || conversation.saidYes || openThreads.has(conversation.threadId)) continue;
        conversation.saidYes = true;
        sent = true;
        const yes = await post(
          conversation.api,
          `/v1/conversations/${conversation.threadId}/messages`,
          await tokenOf(conversation.customerId),
          { text: 'Yes please' },
        );
        expect(yes.status).toBe(202);
      }
      const allYes = conversations.every((c) => !c.refund || c.saidYes);
      if (killed && allYes && !sent && openThreads.size === 0) break;
      if (Date.now() > deadline) {
        throw new Error(`not settled in time: ${JSON.stringify([...openThreads])}, killed ${killed}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    mark('settled');
    // The surviving worker took over the killed one's runs (BullMQ's stalled-job check said so).
    expect(workers[0]!.log()).toContain('task taken over from a worker that stopped');

    // Every request settled exactly once per stop: once, plus once again after each answered approval.
    const settles = await query<{ id: string; settled: number; answers: number }>(
      `SELECT r.id,
         (SELECT count(*)::int FROM outbox o WHERE o.tenant_id = r.tenant_id AND o.request_id = r.id
            AND o.type = 'request.settled') AS settled,
         (SELECT count(*)::int FROM approvals a WHERE a.tenant_id = r.tenant_id AND a.request_id = r.id
            AND a.status <> 'pending') AS answers
       FROM requests r WHERE r.tenant_id = 'demo'`,
    );
    expect(settles.length).toBe(CONVERSATIONS + Object.keys(REFUNDS).length);
    expect(settles.filter((r) => r.settled !== 1 + r.answers)).toEqual([]);
    // No run delivered twice after the take-over: at most one message from the desk per stop of a request
    // (a reply, or the acknowledgement that a person checks it first).
    const answersOf = new Map(settles.map((r) => [r.id, r.answers]));
    const replies = await query<{ request_id: string; n: number }>(
      `SELECT request_id, count(*)::int AS n FROM messages WHERE tenant_id = 'demo' AND role = 'agent'
       GROUP BY request_id`,
    );
    expect(replies.filter((r) => r.n > 1 + (answersOf.get(r.request_id) ?? 0))).toEqual([]);

    // Refunds: none was performed twice (one per key, one per thread), and those above the approval limit
    // waited for an approver (one below it is performed on the customer's yes alone).
    const refunds = await query<{ conversation_id: string; idempotency_key: string }>(
      `SELECT conversation_id, idempotency_key FROM actions WHERE tenant_id = 'demo' AND kind = 'refund'`,
    );
    expect(new Set(refunds.map((r) => r.idempotency_key)).size).toBe(refunds.length);
    expect(new Set(refunds.map((r) => r.conversation_id)).size).toBe(refunds.length);
    const approvedRefunds = refunds.filter((r) => byThread.get(r.conversation_id)?.refund);
    expect(approvedRefunds.length).toBeGreaterThanOrEqual(2);
    expect(answered.size).toBeGreaterThanOrEqual(1);

    // Every stream got exactly its thread's durable events, in order: no gap, no duplicate.
    const expected = async (threadId: string) =>
      (
        await query<{ seq: string; type: string; topic: string }>(
          `SELECT o.seq, o.type, o.topic FROM requests r
           JOIN outbox o ON o.tenant_id = r.tenant_id AND o.request_id = r.id
           WHERE r.tenant_id = 'demo' AND r.conversation_id = $1 ORDER BY o.seq`,
          [threadId],
        )
      )
        // An event written for two topics (approval.overdue) is streamed once, as the feed does.
        .filter((row) => !(row.type === 'approval.overdue' && row.topic !== 'human.approvals'))
        .map((row) => Number(row.seq));
    const streamDeadline = Date.now() + 20_000;
    for (const conversation of conversations) {
      const want = await expected(conversation.threadId);
      while (conversation.received.length < want.length && Date.now() < streamDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(conversation.received, conversation.threadId).toEqual(want);
      conversation.socket.close();
    }
  }, 300_000);
});
