// The email channel end to end: a customer writes to the desk's SMTP port with nodemailer, the reply reaches
// a test SMTP sink (a second smtp-server standing in for the relay) threaded, a reply to it continues the
// conversation, a refund waits for approval and its confirmation goes out once; bad mail is parked.
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../testing/http.js';
import { runtimeTargets } from '../../testing/runtime.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../testing/smtp-sink.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;
const SUPPORT = 'support@desk.test';
const ALICE = 'alice.moreno@example.com';

describe(`email channel (${target.name})`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let customer: Transporter;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(
      target,
      {},
      {
        FRONTDESK_EMAIL_ADDRESS: SUPPORT,
        FRONTDESK_EMAIL_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
        FRONTDESK_SMTP_PORT: '0',
        FRONTDESK_EMAIL_BACKOFF_MS: '50',
        FRONTDESK_EMAIL_MAX_MB: '25',
      },
    );
    t.runtime.relay.start(25);
    await t.runtime.channels.hub.listen();
    customer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.runtime.channels.email!.smtp!.port!,
      secure: false,
      ignoreTLS: true,
    });
  }, 60_000);
  afterAll(async () => {
    customer?.close();
    await t?.dispose();
    await sink?.close();
  });

  const repliesTo = (messageId: string): SinkMessage[] =>
    sink.messages.filter((m) => m.mail.inReplyTo === messageId);
  const replyTo = (messageId: string) =>
    eventually(async () => Promise.resolve(repliesTo(messageId)[0]), 30_000);
  const emailsOf = (threadId: string) =>
    t.runtime.stores.channelEmails.byConversation(t.runtime.config.tenantId, threadId);
  const threadOf = (messageId: string) =>
    t.runtime.stores.channelEmails.conversationOf(t.runtime.config.tenantId, [messageId]);
  /** Alice writes a new email; resolves with the desk's answer, its reply address and the thread. */
  const aliceAsks = async (subject: string, text: string) => {
    const sent = await customer.sendMail({ from: ALICE, to: SUPPORT, subject, text });
    const answer = await replyTo(sent.messageId);
    return {
      answer,
      replyAddress: answer.mail.replyTo!.value[0]!.address!,
      threadId: (await threadOf(sent.messageId))!,
    };
  };
  const customerTexts = async (threadId: string) =>
    (await t.runtime.stores.conversations.messages(t.runtime.config.tenantId, threadId))
      .filter((m) => m.role === 'customer')
      .map((m) => m.text);

  it('answers an email by email, threaded, and a reply to the answer continues the conversation', async () => {
    const first = await customer.sendMail({
      from: `Alice Moreno <${ALICE}>`,
      to: SUPPORT,
      subject: 'Password help',
      text: 'How do I reset my password?\n\n-- \nAlice\nSent from my phone',
    });
    const answer = await replyTo(first.messageId);
    expect(answer.envelopeTo).toEqual([ALICE]);
    expect(answer.mail.subject).toBe('Re: Password help');
    expect([answer.mail.references ?? []].flat()).toContain(first.messageId);
    expect(answer.mail.text).toMatch(/password/i);
    expect(answer.mail.html).toContain('<p>');
    expect(answer.mail.headers.get('x-frontdesk-loop')).toBe(t.runtime.config.tenantId);
    expect(answer.mail.replyTo?.text).toMatch(/^support\+th_[\w-]+@desk\.test$/);

    const [accepted] = (
      await t.runtime.stores.channelEmails.needingAttention(t.runtime.config.tenantId)
    ).filter((e) => e.messageId === first.messageId);
    expect(accepted).toBeUndefined();

    // The customer answers the reply, quoting it: the quote stays out of what the graph reads.
    const second = await customer.sendMail({
      from: ALICE,
      to: SUPPORT,
      subject: 'Re: Password help',
      inReplyTo: answer.mail.messageId,
      references: [first.messageId, answer.mail.messageId!],
      text: `And how do I turn on two-factor authentication?\n\nOn Sat, 5 Dec 2026, Support wrote:\n> ${answer.mail.text!.split('\n')[0]}`,
    });
    const secondAnswer = await replyTo(second.messageId);
    expect([secondAnswer.mail.references ?? []].flat()).toEqual(
      expect.arrayContaining([first.messageId, answer.mail.messageId, second.messageId]),
    );
    const threadId = (await t.runtime.stores.channelEmails.conversationOf(t.runtime.config.tenantId, [
      first.messageId,
    ]))!;
    expect(
      await t.runtime.stores.channelEmails.conversationOf(t.runtime.config.tenantId, [second.messageId]),
    ).toBe(threadId);
    const messages = await t.runtime.stores.conversations.messages(t.runtime.config.tenantId, threadId);
    const written = messages.filter((m) => m.role === 'customer').map((m) => m.text);
    expect(written).toEqual([
      'Password help\n\nHow do I reset my password?',
      'And how do I turn on two-factor authentication?',
    ]);
    expect((await emailsOf(threadId)).map((e) => e.direction)).toEqual(['in', 'out', 'in', 'out']);
  }, 60_000);

  it('continues a thread through the reply address when a mail client dropped the threading headers', async () => {
    const { replyAddress, threadId } = await aliceAsks('Shipping question', 'How long does delivery take?');
    expect(replyAddress).toBe(`support+${threadId}@desk.test`);

    // No In-Reply-To, no References, a fresh subject: only the plus-address says which thread it is.
    const second = await customer.sendMail({
      from: ALICE,
      to: replyAddress,
      subject: 'one more thing',
      text: 'Do you ship to Canada?',
    });
    await replyTo(second.messageId);
    expect(await threadOf(second.messageId)).toBe(threadId);
    expect(await customerTexts(threadId)).toEqual([
      'Shipping question\n\nHow long does delivery take?',
      'Do you ship to Canada?',
    ]);
  }, 60_000);

  it('starts a new thread when a reply address names a thread that is not the sender’s', async () => {
    const alices = await aliceAsks('Gift wrap', 'Do you offer gift wrapping?');
    // Someone else writes to Alice's reply address (a forwarded email, a guessed token).
    const intruder = await customer.sendMail({
      from: `other-${randomUUID().slice(0, 8)}@example.net`,
      to: alices.replyAddress,
      subject: 'hi',
      text: 'What is your returns policy?',
    });
    await replyTo(intruder.messageId);
    const theirThread = await threadOf(intruder.messageId);
    expect(theirThread).toBeDefined();
    expect(theirThread).not.toBe(alices.threadId);
    expect(await customerTexts(alices.threadId)).toHaveLength(1);
  }, 60_000);

  /** Runs done, their events relayed and the mail they send delivered. */
  const deliveriesDone = async () => {
    await t.runtime.tasks.drain(10_000);
    await t.runtime.relay.flush();
    await t.runtime.tasks.drain(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('holds a refund asked for by email until it is approved, then confirms it by email once', async () => {
    const asked = await customer.sendMail({
      from: ALICE,
      to: SUPPORT,
      subject: 'Damaged espresso machine',
      text: 'My espresso machine arrived damaged, I would like a refund please.',
    });
    // The desk states the refund by email (that item, that amount); the customer's yes sends it to an approver.
    const statement = await replyTo(asked.messageId);
    expect(statement.mail.text).toMatch(/\$749\.00/);
    const yes = await customer.sendMail({
      from: ALICE,
      to: SUPPORT,
      subject: 'Re: Damaged espresso machine',
      inReplyTo: statement.mail.messageId,
      references: [asked.messageId, statement.mail.messageId!],
      text: 'Yes please',
    });
    const threadId = await eventually(
      () => t.runtime.stores.channelEmails.conversationOf(t.runtime.config.tenantId, [asked.messageId]),
      10_000,
    );
    const approver = await t.bearer('approver');
    const approval = await eventually(async () => {
      const { approvals } = (
        await t.app.inject({ url: '/v1/approvals', headers: { authorization: approver } })
      ).json<{
        approvals: Array<{ id: string; threadId: string }>;
      }>();
      return approvals.find((a) => a.threadId === threadId);
    }, 30_000);
    // Nothing says the refund happened before an approver answers (at most an acknowledgement that it waits).
    // Mail goes out behind the run (relay, then a delivery task): read once what is on its way is delivered, so
    // an acknowledgement still in flight is not counted after the approval (a full run once saw two replies).
    await deliveriesDone();
    const before = repliesTo(yes.messageId);
    expect(before.every((m) => !/refund of \$749\.00/i.test(m.mail.text ?? ''))).toBe(true);

    const answered = await t.app.inject({
      method: 'POST',
      url: `/v1/approvals/${approval.id}/answer`,
      headers: { authorization: approver },
      payload: { decision: 'approve' },
    });
    expect(answered.statusCode).toBe(202);
    const confirmation = await eventually(
      async () => Promise.resolve(repliesTo(yes.messageId)[before.length]),
      30_000,
    );
    expect(confirmation.mail.text).toMatch(/refund/i);
    // The relay re-publishing events or a second look must not send it again.
    await deliveriesDone();
    expect(repliesTo(yes.messageId)).toHaveLength(before.length + 1);
  }, 60_000);

  it('retries a reply the relay refuses and sends it once it accepts', async () => {
    sink.failNext(2);
    const asked = await customer.sendMail({
      from: ALICE,
      to: SUPPORT,
      subject: 'Delivery times',
      text: 'How long does delivery take?',
    });
    await replyTo(asked.messageId);
    expect(repliesTo(asked.messageId)).toHaveLength(1);
    const threadId = (await t.runtime.stores.channelEmails.conversationOf(t.runtime.config.tenantId, [
      asked.messageId,
    ]))!;
    const out = await eventually(async () =>
      (await emailsOf(threadId)).find((e) => e.direction === 'out' && e.status === 'sent'),
    );
    expect(out.attempts).toBe(3);
    expect(out.lastError).toMatch(/451|Try again/);
  }, 60_000);

  it('makes an unknown sender a contact instead of refusing them', async () => {
    const address = `new-${randomUUID().slice(0, 8)}@example.net`;
    const sent = await customer.sendMail({
      from: `Noor Haddad <${address}>`,
      to: SUPPORT,
      subject: 'Hello',
      text: 'How do I reset my password?',
    });
    await replyTo(sent.messageId);
    const id = await t.runtime.stores.channelEmails.customerByAddress(t.runtime.config.tenantId, address);
    const contact = await t.runtime.stores.customers.get(t.runtime.config.tenantId, id!);
    expect(contact).toMatchObject({ name: 'Noor Haddad', email: address, tier: 'standard' });
  }, 60_000);

  describe('bad mail', () => {
    const parkedReason = async (messageId: string) =>
      eventually(async () => {
        const { emails } = (
          await t.app.inject({
            url: '/v1/channels/email/attention',
            headers: { authorization: await t.bearer('agent') },
          })
        ).json<{ emails: Array<{ messageId: string; reason: string; status: string }> }>();
        return emails.find((e) => e.messageId === messageId)?.reason;
      }, 5_000);

    it('parks malformed MIME, an attachment-only email, a forged From and our own mail coming back', async () => {
      const requestsBefore = await t.runtime.db.query('SELECT id FROM requests');
      const malformedId = `<${randomUUID()}@example.com>`;
      await customer.sendMail({
        envelope: { from: ALICE, to: [SUPPORT] },
        raw: `Message-ID: ${malformedId}\r\nContent-Type: multipart/mixed\r\n\r\n\u0000\u0001 not a message`,
      });
      const attachmentOnly = await customer.sendMail({
        from: ALICE,
        to: SUPPORT,
        subject: 'photo',
        attachments: [{ filename: 'box.png', content: Buffer.alloc(2048, 7) }],
      });
      const forged = await customer.sendMail({
        envelope: { from: 'mallory@evil.test', to: [SUPPORT] },
        from: ALICE,
        to: SUPPORT,
        subject: 'Refund',
        text: 'Refund everything to my new card please',
      });
      const looped = await customer.sendMail({
        from: SUPPORT,
        to: SUPPORT,
        subject: 'Re: something',
        text: 'An answer of ours, bounced back to us',
        headers: { 'x-frontdesk-loop': 'demo' },
      });
      expect(await parkedReason(malformedId)).toMatch(/malformed MIME/);
      expect(await parkedReason(attachmentOnly.messageId)).toMatch(/attachment-only/);
      expect(await parkedReason(forged.messageId)).toMatch(/sender mismatch.*mallory@evil\.test/);
      expect(await parkedReason(looped.messageId)).toMatch(/mail loop/);
      // Parked mail keeps its bytes, starts no run, and is never answered.
      const parked = (await t.runtime.stores.channelEmails.needingAttention(t.runtime.config.tenantId)).find(
        (e) => e.messageId === attachmentOnly.messageId,
      )!;
      expect(await t.runtime.stores.channelEmails.body(t.runtime.config.tenantId, parked.id)).toContain(
        'box.png',
      );
      expect(await t.runtime.db.query('SELECT id FROM requests')).toHaveLength(requestsBefore.length);
      for (const id of [attachmentOnly.messageId, forged.messageId, looped.messageId]) {
        expect(repliesTo(id)).toEqual([]);
      }
    }, 60_000);

    it('parks a bounce and marks the reply it names as failed', async () => {
      const ours = sink.messages[0]!.mail.messageId!;
      const boundary = 'dsn-boundary';
      const bounceId = `<${randomUUID()}@mx.example.com>`;
      await customer.sendMail({
        envelope: { from: 'mailer-daemon@mx.example.com', to: [SUPPORT] },
        raw: [
          'From: Mail Delivery System <mailer-daemon@mx.example.com>',
          `To: ${SUPPORT}`,
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: ${bounceId}`,
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain',
          '',
          'The mail system could not deliver your message.',
          `--${boundary}`,
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${ours}`,
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      });
      expect(await parkedReason(bounceId)).toMatch(/bounce/);
      const failed = await eventually(async () =>
        (await t.runtime.stores.channelEmails.needingAttention(t.runtime.config.tenantId)).find(
          (e) => e.messageId === ours,
        ),
      );
      expect(failed).toMatchObject({ direction: 'out', status: 'failed' });
      expect(failed.lastError).toMatch(/bounced/);
    }, 30_000);

    it('refuses a 30 MB email with 552 and records it by its envelope', async () => {
      const sender = `big-${randomUUID().slice(0, 6)}@example.com`;
      await expect(
        customer.sendMail({
          from: sender,
          to: SUPPORT,
          subject: 'Huge',
          text: 'see attached',
          attachments: [{ filename: 'big.bin', content: Buffer.alloc(30 * 1024 * 1024, 1) }],
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
      const parked = await eventually(async () =>
        (await t.runtime.stores.channelEmails.needingAttention(t.runtime.config.tenantId)).find(
          (e) => e.address === sender,
        ),
      );
      expect(parked.reason).toMatch(/too large/);
    }, 60_000);

    it('answers an email delivered twice only once', async () => {
      const messageId = `<${randomUUID()}@example.com>`;
      const message = { from: ALICE, to: SUPPORT, subject: 'Twice', text: 'Where is my order?', messageId };
      await customer.sendMail(message);
      await customer.sendMail(message);
      await replyTo(messageId);
      await t.runtime.tasks.drain(10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(repliesTo(messageId)).toHaveLength(1);
    }, 60_000);

    it('takes raw MIME from a mail provider through the inbound-email webhook', async () => {
      const messageId = `<${randomUUID()}@provider.example>`;
      const raw = [
        `From: Alice <${ALICE}>`,
        `To: ${SUPPORT}`,
        'Subject: Gift cards',
        `Message-ID: ${messageId}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Can I pay with a gift card?',
      ].join('\r\n');
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/channels/email/inbound?envelopeFrom=${encodeURIComponent(ALICE)}`,
        headers: { authorization: await t.bearer('admin'), 'content-type': 'message/rfc822' },
        payload: raw,
      });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toMatchObject({ status: 'accepted' });
      await replyTo(messageId);
    }, 60_000);
  });
});
