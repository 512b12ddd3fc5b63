// Slack for the team, end to end. The Slack side is a local HTTP server started by this test that speaks
// Slack's Web API wire format (form-encoded chat.postMessage / chat.update with a bearer token, answered with
// `{ ok, channel, ts }`) — a stand-in for slack.com, which the desk reaches through @slack/web-api as usual.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../testing/http.js';
import { runtimeTargets } from '../../testing/runtime.js';
import { slackSignature } from './signature.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;
const SECRET = 'slack-signing-secret-for-tests';
const TOKEN = 'xoxb-test-token';

interface SlackCall {
  method: string;
  authorization: string | undefined;
  args: Record<string, unknown>;
  /** The message timestamp this fake answered with. */
  ts: unknown;
}

/** A local server speaking Slack's Web API wire format (not Slack itself). */
async function startFakeSlackApi() {
  const calls: SlackCall[] = [];
  let ts = 1000;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const args: Record<string, unknown> = {};
      for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
        args[key] = key === 'blocks' ? (JSON.parse(value) as unknown) : value;
      }
      const method = (request.url ?? '').replace(/^\/api\//, '');
      const body =
        request.headers.authorization === `Bearer ${TOKEN}`
          ? {
              ok: true,
              channel: args.channel,
              ts: method === 'chat.update' ? args.ts : `${(ts += 1)}.000100`,
            }
          : { ok: false, error: 'invalid_auth' };
      calls.push({ method, authorization: request.headers.authorization, args, ts: body.ts });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`Slack approvals (${target.name})`, () => {
  let t: TestApp;
  let slack: Awaited<ReturnType<typeof startFakeSlackApi>>;

  beforeAll(async () => {
    slack = await startFakeSlackApi();
    t = await startTestApp(
      target,
      {},
      {
        FRONTDESK_SLACK_BOT_TOKEN: TOKEN,
        FRONTDESK_SLACK_SIGNING_SECRET: SECRET,
        FRONTDESK_SLACK_CHANNEL: 'C0APPROVALS',
        FRONTDESK_SLACK_API_URL: slack.apiUrl,
        FRONTDESK_SLACK_ROLES: 'U0ANA=approver,U0SAM=agent',
        FRONTDESK_DASHBOARD_URL: 'https://desk.example',
      },
    );
    t.runtime.relay.start(25);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await slack?.close();
  });

  const press = (
    approvalId: string,
    user: string,
    options: { secret?: string; ageSeconds?: number } = {},
  ) => {
    const payload = {
      type: 'block_actions',
      user: { id: user, username: user === 'U0ANA' ? 'ana' : 'someone' },
      actions: [{ action_id: 'approve', value: approvalId }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
    return t.app.inject({
      method: 'POST',
      url: '/v1/channels/slack/interactions',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(options.secret ?? SECRET, timestamp, body),
      },
      payload: body,
    });
  };
  const refunded = async () =>
    Number(
      (
        await t.runtime.db.query<{ total: string }>(
          "SELECT COALESCE(sum(refunded_minor), 0) AS total FROM orders WHERE customer_id = 'cus_01'",
        )
      )[0]!.total,
    );

  /** The customer states a refund of the espresso machine and says yes; resolves with its approval. */
  const confirmRefund = async () => {
    const stated = await t.runtime.desk.ask({
      customerId: 'cus_01',
      text: 'My espresso machine arrived damaged, I need a refund',
    });
    expect(stated.reply).toMatch(/\$749\.00/);
    const { request } = await t.runtime.desk.submit({
      customerId: 'cus_01',
      threadId: stated.threadId,
      text: 'Yes please',
    });
    // Answerable once its run has paused on it (as a person sees it in the dashboard).
    await t.runtime.desk.settled(request.id, 30_000);
    return eventually(
      async () =>
        (await t.runtime.stores.approvals.pending(t.runtime.config.tenantId)).find(
          (a) => a.requestId === request.id,
        ),
      30_000,
    );
  };

  it('tells the approver in Slack and the dashboard, and the customer, when an approved refund fails', async () => {
    const approval = await confirmRefund();
    await eventually(async () =>
      Promise.resolve(slack.calls.find((c) => JSON.stringify(c.args).includes(approval.id))),
    );
    // Refunded in full elsewhere while the approval waited (say by the payment provider), so nothing is left.
    const orderId = String(approval.proposedAction?.orderId);
    await t.runtime.db.query('UPDATE orders SET refunded_minor = total_minor WHERE id = $1', [orderId]);
    try {
      expect((await press(approval.id, 'U0ANA')).json()).toMatchObject({ answered: true });
      // The Slack message that carried the buttons now says the approved refund failed, and why.
      const failed = await eventually(
        async () =>
          Promise.resolve(
            slack.calls.find(
              (c) => c.method === 'chat.update' && String(c.args.text).includes('could not be performed'),
            ),
          ),
        30_000,
      );
      expect(String(failed.args.text)).toContain(approval.id);
      expect(String(failed.args.text)).toContain('approved by slack:ana');
      // The approval record shows it to the dashboard, and the live feed carries the event.
      const detail = await t.app.inject({
        method: 'GET',
        url: `/v1/approvals/${approval.id}`,
        headers: { authorization: await t.bearer('approver') },
      });
      expect(detail.json<{ actionFailure: string }>().actionFailure).toMatch(/left to refund/);
      const events = await t.runtime.db.query<{ topic: string }>(
        `SELECT topic FROM outbox WHERE type = 'approval.action_failed' AND data->>'approvalId' = $1`,
        [approval.id],
      );
      expect(events.map((e) => e.topic).sort()).toEqual(['human.approvals', 'notifications.outbound']);
      // The customer is told, and the thread settles instead of waiting for ever.
      const request = await t.runtime.desk.settled(approval.requestId, 30_000);
      expect(request.status).toBe('delivered');
      expect(request.reply).toMatch(/couldn't make this change: Only \$0\.00 is left to refund/);
    } finally {
      await t.runtime.db.query('UPDATE orders SET refunded_minor = 0 WHERE id = $1', [orderId]);
    }
  }, 60_000);

  it('posts a hand-off to the team channel, and an agent may answer it from Slack', async () => {
    const handed = await t.runtime.desk.ask({
      customerId: 'cus_02',
      text: 'I want to talk to a human please',
    });
    expect(handed.status).toBe('escalated');
    const approvalId = handed.approval!.id;
    const posted = await eventually(async () =>
      Promise.resolve(
        slack.calls.find(
          (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(approvalId),
        ),
      ),
    );
    expect(String(posted.args.text)).toMatch(/^A conversation was handed to the team/);
    expect(posted.args.channel).toBe('C0APPROVALS');
    // A hand-off names agents among who may answer it: Sam (mapped to agent) hands it to the specialists.
    const pressed = await press(approvalId, 'U0SAM');
    expect(pressed.json()).toMatchObject({ answered: true, decision: 'approve', by: 'slack:someone' });
    expect(await t.runtime.stores.approvals.get(t.runtime.config.tenantId, approvalId)).toMatchObject({
      status: 'approved',
      answeredBy: 'slack:someone',
    });
  }, 60_000);

  it('posts a waiting refund with buttons; a signed press by a mapped approver refunds once', async () => {
    const before = await refunded();
    // The desk states the refund (that item, that amount); the customer's yes sends it to an approver.
    const approval = await confirmRefund();
    const posted = await eventually(async () =>
      Promise.resolve(
        slack.calls.find(
          (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(approval.id),
        ),
      ),
    );
    expect(posted.authorization).toBe(`Bearer ${TOKEN}`);
    expect(posted.args.channel).toBe('C0APPROVALS');
    const actions = (
      posted.args.blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>
    ).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['approve', 'reject', 'open']);
    expect(actions.elements![2]!.url).toBe(`https://desk.example/dashboard/approvals/${approval.id}`);

    // Refused: a wrong signature, a correctly signed request replayed ten minutes later, an unmapped user.
    expect((await press(approval.id, 'U0ANA', { secret: 'not-the-secret' })).json()).toMatchObject({
      status: 401,
      code: 'SLACK_SIGNATURE_INVALID',
    });
    expect((await press(approval.id, 'U0ANA', { ageSeconds: 600 })).json()).toMatchObject({
      status: 401,
      code: 'SLACK_SIGNATURE_INVALID',
      reason: 'stale',
    });
    expect((await press(approval.id, 'U0EVE')).json()).toMatchObject({
      status: 403,
      code: 'SLACK_USER_NOT_MAPPED',
    });
    // Sam is mapped to the agent role, which may not approve a refund: refused as in the dashboard.
    expect((await press(approval.id, 'U0SAM')).json()).toMatchObject({ code: 'APPROVAL_ROLE_NOT_ALLOWED' });
    expect((await t.runtime.stores.approvals.get(t.runtime.config.tenantId, approval.id))!.status).toBe(
      'pending',
    );

    const pressed = await press(approval.id, 'U0ANA');
    expect(pressed.statusCode).toBe(200);
    expect(pressed.json()).toMatchObject({ answered: true, decision: 'approve', by: 'slack:ana' });
    await eventually(async () => ((await refunded()) > before ? true : undefined), 30_000);
    const amount = (await refunded()) - before;
    expect(amount).toBeGreaterThan(0);

    // The same press again is the dashboard's answer to a second answer: refused, nothing refunded twice.
    expect((await press(approval.id, 'U0ANA')).json()).toMatchObject({ code: 'APPROVAL_ALREADY_ANSWERED' });
    await t.runtime.tasks.drain();
    expect((await refunded()) - before).toBe(amount);

    const answered = await t.runtime.stores.approvals.get(t.runtime.config.tenantId, approval.id);
    expect(answered).toMatchObject({ status: 'approved', answeredBy: 'slack:ana' });
    const update = slack.calls.find((c) => c.method === 'chat.update' && c.args.ts === posted.ts);
    expect(String(update?.args.text)).toContain('approved by slack:ana');
  }, 60_000);
});
