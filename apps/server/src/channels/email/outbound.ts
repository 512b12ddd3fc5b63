// The email channel's outbound half: one email per delivered reply on a conversation that came in by email,
// threaded under the customer's last message, sent through the configured relay by a retried task.
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Task, TaskQueue } from '../../jobs/index.js';
import type { Logger } from '../../logger.js';
import type { EmailRecord, Stores } from '../../store/index.js';
import type { Channel, OutboundReply } from '../port.js';
import { LOOP_HEADER, type EmailIdentity } from './inbound.js';

export interface EmailSendOptions {
  attempts: number;
  backoffMs: number;
  /** The name shown with the support address. */
  fromName: string;
}

const payload = z.object({ tenantId: z.string().min(1), emailId: z.string().min(1) });

export class EmailChannel implements Channel {
  readonly name = 'email';
  /** The background task that sends one queued email (registered on the task queue by the runtime). */
  readonly sendTask: Task<z.infer<typeof payload>>;

  constructor(
    private readonly deps: {
      stores: Stores;
      tasks: TaskQueue;
      transport: Transporter;
      identity: EmailIdentity;
      logger: Logger;
      /** Starts and stops whatever takes mail in (the SMTP port), when there is one. */
      intake?: { start(): Promise<unknown>; close(): Promise<void> } | undefined;
      /** Finishes inbound email a crash left half-accepted, before mail is taken in again. */
      inbound?: { recoverUnfinished(): Promise<number> } | undefined;
    },
    private readonly options: EmailSendOptions,
  ) {
    this.sendTask = {
      name: 'email.send',
      payload,
      attempts: options.attempts,
      backoffMs: options.backoffMs,
      run: (job) => this.send(job.tenantId, job.emailId),
    };
  }

  async start(): Promise<void> {
    await this.deps.inbound?.recoverUnfinished();
    await this.deps.intake?.start();
  }

  async close(): Promise<void> {
    await this.deps.intake?.close();
    this.deps.transport.close();
  }

  async deliver(reply: OutboundReply): Promise<'queued' | 'not-mine'> {
    const { stores, tasks, identity } = this.deps;
    const thread = await stores.channelEmails.byConversation(reply.tenantId, reply.conversationId);
    const lastIn = thread.filter((email) => email.direction === 'in').at(-1);
    if (!lastIn) return 'not-mine';
    const emailId = `eo_${createHash('sha256').update(`${reply.tenantId}/${reply.messageId}`).digest('hex').slice(0, 24)}`;
    const subject = thread.find((email) => email.subject !== '')?.subject ?? 'Your request';
    const recorded = await stores.channelEmails.record(reply.tenantId, {
      id: emailId,
      direction: 'out',
      messageId: `<${reply.messageId}.${emailId}@${identity.domain}>`,
      conversationId: reply.conversationId,
      requestId: reply.requestId,
      customerId: reply.customerId,
      address: lastIn.address,
      subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
      // The References chain: every message of the thread so far, oldest first, the one answered last.
      refs: [...thread.filter((e) => e.id !== lastIn.id).map((e) => e.messageId), lastIn.messageId],
      status: 'queued',
      raw: Buffer.from(reply.text, 'utf8'),
    });
    // Recorded once per desk message: a relayed-again event queues nothing new.
    if (recorded)
      await tasks.enqueue(this.sendTask, { tenantId: reply.tenantId, emailId }, { jobId: emailId });
    return 'queued';
  }

  /** Sends one queued email; a sent one is never sent again. Throws (and is retried) when the relay fails. */
  private async send(tenantId: string, emailId: string): Promise<void> {
    const { stores, transport, identity, logger } = this.deps;
    const email = await stores.channelEmails.get(tenantId, emailId);
    if (!email || email.status === 'sent' || email.status === 'failed') return;
    const text = await stores.channelEmails.body(tenantId, emailId);
    try {
      const info = (await transport.sendMail({
        from: { name: this.options.fromName, address: identity.address },
        to: email.address,
        // Replies come back to a plus-address naming the thread, the fallback when headers are lost.
        replyTo: plusAddress(identity.address, email.conversationId!),
        subject: email.subject,
        messageId: email.messageId,
        inReplyTo: email.refs.at(-1),
        references: email.refs,
        text,
        html: htmlOf(text),
        headers: { [LOOP_HEADER]: tenantId },
      })) as { rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw new Error(`the relay rejected ${info.rejected.map(String).join(', ')}`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.failedAttempt(tenantId, email, message);
      throw error;
    }
    await stores.channelEmails.outcome(tenantId, emailId, 'sent');
    logger.info({ emailId, threadId: email.conversationId, requestId: email.requestId }, 'reply emailed');
  }

  /** Counts a failed attempt; after the last one the email is marked failed for a person to see. */
  private async failedAttempt(tenantId: string, email: EmailRecord, error: string) {
    const last = email.attempts + 1 >= this.options.attempts;
    await this.deps.stores.channelEmails.outcome(tenantId, email.id, 'queued', error);
    if (last) await this.deps.stores.channelEmails.outcome(tenantId, email.id, 'failed', error);
    this.deps.logger.warn(
      { emailId: email.id, threadId: email.conversationId, attempt: email.attempts + 1, last, err: error },
      last ? 'reply email failed for good' : 'reply email failed; will retry',
    );
  }
}

export const plusAddress = (address: string, threadId: string) => {
  const [local, domain] = address.split('@');
  return `${local}+${threadId}@${domain}`;
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The reply as simple HTML: paragraphs and line breaks, everything escaped. */
export const htmlOf = (text: string) =>
  `<!doctype html><html><body>${text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n')}</body></html>`;
