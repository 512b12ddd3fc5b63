// Issue 16: an email caught mid-accept by a crash, over STARTTLS. The desk records an email durably before it
// answers 250; a desk killed after recording it and before handing it to the conversation finishes it at
// start-up — never lost (the sender was never told 250, so it sends again; that is a duplicate) and never
// answered twice. The SMTP port offers STARTTLS with a certificate made by the test, and the customer's
// client (nodemailer) requires it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from '../../testing/cli.js';
import { eventually } from '../../testing/http.js';
import { openTestRuntime, runtimeTargets, type TestLocation } from '../../testing/runtime.js';
import { selfSignedCertificate } from '../../testing/self-signed.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;
const SUPPORT = 'support@desk.test';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(`an email caught mid-accept by a crash, over STARTTLS (${target.name})`, () => {
  let location: TestLocation;
  let sink: SmtpSink;
  let desk: CliProcess | undefined;
  let tlsDir: string;
  let cert: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    location = await target.prepare();
    sink = await startSmtpSink();
    const made = selfSignedCertificate();
    cert = made.cert;
    tlsDir = mkdtempSync(join(tmpdir(), 'frontdesk-tls-'));
    writeFileSync(join(tlsDir, 'key.pem'), made.key);
    writeFileSync(join(tlsDir, 'cert.pem'), made.cert);
    env = {
      ...location.env,
      PORT: '0',
      FRONTDESK_EMAIL_ADDRESS: SUPPORT,
      FRONTDESK_EMAIL_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
      FRONTDESK_EMAIL_BACKOFF_MS: '50',
      // The same port after the restart, where the sender tries again.
      FRONTDESK_SMTP_PORT: String(await freePort()),
      FRONTDESK_SMTP_TLS_KEY: join(tlsDir, 'key.pem'),
      FRONTDESK_SMTP_TLS_CERT: join(tlsDir, 'cert.pem'),
    };
  }, 60_000);
  afterAll(async () => {
    await desk?.stop('SIGKILL');
    await sink?.close();
    await location?.dispose();
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  const customer = (options: { trust: boolean }) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: Number(env.FRONTDESK_SMTP_PORT),
      secure: false,
      requireTLS: true,
      tls: options.trust ? { ca: cert, servername: 'localhost' } : { servername: 'localhost' },
    });

  it('finishes the email at start-up, once, and answers it once', async () => {
    desk = startCli(['start', '--json'], { ...env, FRONTDESK_FAILPOINT: 'pause-before:email-intake' });
    await desk.waitFor('"url"');

    // A client that does not trust the certificate gets no further than STARTTLS: the port really is TLS.
    await expect(customer({ trust: false }).verify()).rejects.toThrow(/self[- ]signed/i);

    const messageId = `<crash-${randomUUID()}@example.com>`;
    const mail = {
      from: 'Dana Price <dana.price@example.com>',
      to: SUPPORT,
      subject: 'Password help',
      messageId,
      text: 'How do I reset my password?',
    };
    const first = customer({ trust: true }).sendMail(mail);
    const firstOutcome = first.then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    // Recorded, not yet handed on: the desk dies here, before it said 250.
    await desk.waitFor('FAILPOINT pause-before:email-intake');
    await desk.stop('SIGKILL');
    expect(await firstOutcome).not.toBe('accepted');

    desk = startCli(['start', '--json'], env);
    await desk.waitFor('"url"');
    // The sender tries again, as a mail server does without a 250: the same message, now a duplicate.
    await customer({ trust: true }).sendMail(mail);
    const reply = await eventually(
      async () => Promise.resolve(sink.messages.find((m) => m.mail.inReplyTo === messageId)),
      60_000,
    );
    expect(reply.mail.text).toMatch(/password/i);
    await desk.stop('SIGTERM');
    desk = undefined;

    const runtime = await openTestRuntime(location, {}, { work: false });
    try {
      const rows = await runtime.db.query<{ status: string; request_id: string | null }>(
        `SELECT status, request_id FROM channel_emails WHERE direction = 'in' AND message_id = $1`,
        [messageId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('accepted');
      const request = await runtime.stores.requests.get(runtime.config.tenantId, rows[0]!.request_id!);
      expect(request?.runStatus).toBe('done');
      const messages = await runtime.stores.conversations.messages(
        runtime.config.tenantId,
        request!.conversationId,
      );
      expect(messages.map((m) => m.role)).toEqual(['customer', 'agent']);
    } finally {
      await runtime.close();
    }
    // Answered once: one email to the customer for their one email.
    expect(sink.messages.filter((m) => m.mail.inReplyTo === messageId)).toHaveLength(1);
  }, 300_000);
});
