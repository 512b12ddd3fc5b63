// Outbound webhooks end to end: a receiver that fails twice then succeeds gets the event once, signed as
// docs/webhooks.md says; a receiver that never succeeds ends on the dead-letter list and can be re-sent.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../testing/http.js';
import { runtimeTargets } from '../../testing/runtime.js';
import { verifySignature } from './signature.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;

interface Received {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A receiver that answers each POST with the next status in `plan` (the last one repeats). */
async function startReceiver(plan: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = plan.length > 1 ? plan.shift()! : plan[0]!;
      received.push({ status, body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    plan,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`outbound webhooks (${target.name})`, () => {
  let t: TestApp;
  let admin: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    t = await startTestApp(
      target,
      {},
      {
        FRONTDESK_WEBHOOK_BACKOFF_MS: '40',
        FRONTDESK_WEBHOOK_ATTEMPTS: '3',
        FRONTDESK_WEBHOOK_TIMEOUT_MS: '2000',
      },
    );
    t.runtime.relay.start(25);
    admin = await t.bearer('admin');
  }, 60_000);
  afterAll(async () => {
    for (const close of closers) await close();
    await t?.dispose();
  });

  const subscribe = async (url: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: admin },
      payload: { url, topics: ['customer.requests'] },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; secret: string }>();
  };
  const accepted = (receiver: { received: Received[] }, requestId: string) =>
    receiver.received.filter((r) => {
      const event = JSON.parse(r.body) as { requestId: string; type: string };
      return event.requestId === requestId && event.type === 'request.accepted';
    });

  it('delivers an event once after two failures, signed with the documented scheme', async () => {
    const receiver = await startReceiver([500, 503, 200]);
    closers.push(receiver.close);
    const subscription = await subscribe(receiver.url);
    expect(subscription.secret).toMatch(/^whsec_/);

    const { requestId } = await t.runtime.desk
      .submit({ customerId: 'cus_01', text: 'How do I reset my password?' })
      .then((a) => ({ requestId: a.request.id }));
    await eventually(async () =>
      Promise.resolve(accepted(receiver, requestId).find((r) => r.status === 200)),
    );
    await t.runtime.tasks.drain(10_000);
    const attempts = accepted(receiver, requestId);
    expect(attempts.map((r) => r.status)).toEqual([500, 503, 200]);
    // Every attempt carries the same event id; only the last one was taken.
    const ids = new Set(attempts.map((r) => r.headers['frontdesk-event-id']));
    expect(ids.size).toBe(1);

    // The scheme from docs/webhooks.md, computed here by hand: HMAC-SHA256(secret, "<t>.<body>") in hex.
    const delivered = attempts.at(-1)!;
    const header = String(delivered.headers['frontdesk-signature']);
    const [, t0, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(v1).toBe(
      createHmac('sha256', subscription.secret).update(`${t0}.${delivered.body}`).digest('hex'),
    );
    expect(verifySignature(subscription.secret, delivered.body, header)).toBe(true);
    expect(verifySignature(subscription.secret, `${delivered.body} `, header)).toBe(false);
    expect(verifySignature('whsec_wrong', delivered.body, header)).toBe(false);

    const { deliveries } = (
      await t.app.inject({
        url: '/v1/webhooks/deliveries?status=delivered',
        headers: { authorization: admin },
      })
    ).json<{ deliveries: Array<{ eventId: string; attempts: number; lastStatus: number }> }>();
    const row = deliveries.find((d) => d.eventId === ids.values().next().value);
    expect(row).toMatchObject({ attempts: 3, lastStatus: 200 });
    expect(
      await t.app.inject({
        method: 'DELETE',
        url: `/v1/webhooks/${subscription.id}`,
        headers: { authorization: admin },
      }),
    ).toHaveProperty('statusCode', 204);
  }, 60_000);

  it('moves a delivery to the dead-letter list after the last attempt, and re-sends it on request', async () => {
    const receiver = await startReceiver([500]);
    closers.push(receiver.close);
    const subscription = await subscribe(receiver.url);
    const { request } = await t.runtime.desk.submit({
      customerId: 'cus_02',
      text: 'How long does delivery take?',
    });
    const dead = await eventually(async () => {
      const { deliveries } = (
        await t.app.inject({ url: '/v1/webhooks/deliveries?status=dead', headers: { authorization: admin } })
      ).json<{
        deliveries: Array<{ id: string; subscriptionId: string; eventType: string; lastError: string }>;
      }>();
      return deliveries.find(
        (d) => d.subscriptionId === subscription.id && d.eventType === 'request.accepted',
      );
    });
    expect(dead.lastError).toMatch(/500/);
    expect(accepted(receiver, request.id)).toHaveLength(3);

    receiver.plan.splice(0, receiver.plan.length, 200);
    const resent = await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/deliveries/${dead.id}/resend`,
      headers: { authorization: admin },
    });
    expect(resent.statusCode).toBe(202);
    await eventually(async () =>
      Promise.resolve(accepted(receiver, request.id).find((r) => r.status === 200)),
    );
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/deliveries/${dead.id}/resend`,
      headers: { authorization: admin },
    });
    expect(again.json()).toMatchObject({ code: 'WEBHOOK_ALREADY_DELIVERED' });
  }, 60_000);

  it('refuses a subscription to a URL that is not http(s) or to an unknown topic', async () => {
    for (const payload of [
      { url: 'file:///etc/passwd', topics: ['customer.requests'] },
      { url: 'https://hooks.example/x', topics: ['no.such.topic'] },
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { authorization: admin },
        payload,
      });
      expect(response.statusCode).toBe(400);
    }
  });
});
