// The email channel against the channel port's conformance suite: replies go to a test SMTP sink (a second
// smtp-server standing in for the relay); a conversation is the email channel's once an email came in on it.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { channelConformance } from '../../testing/channel-conformance.js';
import { runtimeTargets, startTestRuntime } from '../../testing/runtime.js';
import { startSmtpSink } from '../../testing/smtp-sink.js';
import { EmailChannel, plusAddress } from './outbound.js';

const SUPPORT = 'support@desk.test';
const [embedded] = await runtimeTargets();

channelConformance('email', async () => {
  const sink = await startSmtpSink();
  const t = await startTestRuntime(embedded!);
  const { stores, tasks, logger } = t.runtime;
  const channel = new EmailChannel(
    {
      stores,
      tasks,
      transport: nodemailer.createTransport(`smtp://127.0.0.1:${sink.port}`),
      identity: { address: SUPPORT, domain: 'desk.test' },
      logger,
    },
    { attempts: 3, backoffMs: 50, fromName: 'Support' },
  );
  tasks.register(channel.sendTask);
  return {
    channel,
    carriedConversation: async () => {
      const conversationId = `th_${randomUUID()}`;
      await stores.channelEmails.record('demo', {
        id: `em_${randomUUID()}`,
        direction: 'in',
        messageId: `<${randomUUID()}@example.com>`,
        conversationId,
        address: 'dana.price@example.com',
        subject: 'Refund',
        status: 'accepted',
      });
      return { tenantId: 'demo', conversationId };
    },
    sent: (conversationId) =>
      Promise.resolve(
        sink.messages
          .filter((m) => m.mail.replyTo?.text === plusAddress(SUPPORT, conversationId))
          .map((m) => m.mail.text ?? ''),
      ),
    settle: () => tasks.drain(),
    dispose: async () => {
      await t.dispose();
      await sink.close();
    },
  };
});
