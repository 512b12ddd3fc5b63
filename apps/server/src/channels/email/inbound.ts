// Inbound email: one raw MIME message (from the SMTP port or the inbound-email webhook) becomes a customer
// message on the right thread, or is parked with its raw bytes and a reason a person can read.
import { createHash, randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { MAX_MESSAGE_CHARS } from '../../domain/index.js';
import { isDeskError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Stores } from '../../store/index.js';
import type { ConversationIntake } from '../port.js';
import { stripReply } from './strip.js';

export interface EmailIdentity {
  /** The support address customers write to, e.g. support@desk.example. */
  readonly address: string;
  /** The domain our Message-IDs end in (the support address's). */
  readonly domain: string;
}

/** The SMTP envelope, when the message came over SMTP (or the provider passed it on). */
export interface Envelope {
  mailFrom?: string | undefined;
  rcptTo?: readonly string[] | undefined;
}

export type InboundOutcome =
  | { status: 'accepted'; emailId: string; threadId: string; requestId: string; customerId: string }
  | { status: 'parked'; emailId: string; reason: string }
  | { status: 'duplicate'; messageId: string };

const BOUNCE = 'bounce or delivery report';

/** Header we put on every email we send; seeing it come back in means a mail loop. */
export const LOOP_HEADER = 'x-frontdesk-loop';

export class EmailInbound {
  constructor(
    private readonly deps: {
      tenantId: string;
      stores: Stores;
      intake: ConversationIntake;
      identity: EmailIdentity;
      logger: Logger;
      /** Test-only: `pause-before:email-intake` / `pause-after:…` stop there, so a test can kill the process. */
      failpoint?: ((name: string) => Promise<void>) | undefined;
    },
  ) {}

  /** Parks an email refused before it could be read (too large): its envelope is kept, with the reason. */
  async parkUnread(envelope: Envelope, sizeBytes: number, reason: string): Promise<InboundOutcome> {
    const emailId = `em_${randomUUID()}`;
    await this.deps.stores.channelEmails.record(this.deps.tenantId, {
      id: emailId,
      direction: 'in',
      messageId: `<${emailId}@unread.invalid>`,
      address: envelope.mailFrom ?? '',
      status: 'parked',
      reason,
      sizeBytes,
    });
    this.deps.logger.warn({ emailId, from: envelope.mailFrom, sizeBytes, reason }, 'inbound email parked');
    return { status: 'parked', emailId, reason };
  }

  /** Reads one raw message. Never throws for what the sender did wrong: that is parked with a reason. */
  async receive(raw: Buffer, envelope: Envelope = {}): Promise<InboundOutcome> {
    const { stores, tenantId, logger } = this.deps;
    let mail: ParsedMail | undefined;
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    } catch (error) {
      logger.debug({ err: error }, 'inbound email did not parse');
    }
    const from = mail ? firstAddress(mail.from) : undefined;
    // Without a Message-ID, a hash of the bytes still recognises the same message delivered twice.
    const messageId =
      mail?.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.invalid>`;
    const emailId = `em_${randomUUID()}`;
    const refs = mail ? threadIds(mail) : [];
    const text = mail ? messageText(mail) : '';
    const reason = mail ? await this.refusal(mail, messageId, from, envelope, text) : 'malformed MIME';
    const recorded = await stores.channelEmails.record(tenantId, {
      id: emailId,
      direction: 'in',
      messageId,
      address: from ?? envelope.mailFrom ?? '',
      subject: mail?.subject ?? '',
      refs,
      status: reason ? 'parked' : 'received',
      reason,
      // Kept for every email, not only parked ones: one recorded here but not yet handed on when the process
      // died is read again from these bytes at start-up (the sender was told 250 only after the hand-off).
      raw,
      sizeBytes: raw.length,
    });
    if (!recorded) {
      logger.info({ messageId }, 'inbound email already received; ignored');
      return { status: 'duplicate', messageId };
    }
    if (reason === BOUNCE) await this.recordBounce(raw, emailId);
    if (reason) {
      logger.warn({ emailId, messageId, from, reason }, 'inbound email parked');
      return { status: 'parked', emailId, reason };
    }
    return this.accept(emailId, mail!, from!, refs, text, envelope);
  }

  /**
   * Hands on every inbound email that was recorded but not handed on when the process died (start-up). Its
   * request id is fixed by the email, so one handed on just before the crash is not stored twice, and the
   * sender's redelivery of it is a duplicate. Returns how many it finished.
   */
  async recoverUnfinished(): Promise<number> {
    const { stores, tenantId, logger } = this.deps;
    const unfinished = await stores.channelEmails.unfinishedInbound(tenantId);
    for (const { id, raw } of unfinished) {
      const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
      const from = firstAddress(mail.from)!;
      const outcome = await this.accept(id, mail, from, threadIds(mail), messageText(mail), {});
      logger.warn({ emailId: id, outcome: outcome.status }, 'inbound email recovered after a crash');
    }
    return unfinished.length;
  }

  /** Why this email is not handed to the graph, or undefined when it may be. */
  private async refusal(
    mail: ParsedMail,
    messageId: string,
    from: string | undefined,
    envelope: Envelope,
    text: string,
  ): Promise<string | undefined> {
    const { stores, tenantId, identity } = this.deps;
    if (!from) return 'malformed MIME: no sender address in From';
    if (
      mail.headers.has(LOOP_HEADER) ||
      sameAddress(from, identity.address) ||
      (await stores.channelEmails.sentByUs(tenantId, messageId))
    ) {
      return 'mail loop: our own outbound email came back';
    }
    const given = mail.headers.get('auto-submitted');
    const autoSubmitted = (typeof given === 'string' ? given : 'no').toLowerCase();
    const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
    if (contentType?.value?.toLowerCase() === 'multipart/report') return BOUNCE;
    if (autoSubmitted !== 'no') return `automatic email (Auto-Submitted: ${autoSubmitted})`;
    const envelopeFrom = envelope.mailFrom?.trim();
    if (envelopeFrom && !sameAddress(envelopeFrom, from)) {
      return `sender mismatch: From <${from}> does not match the envelope sender <${envelopeFrom}>`;
    }
    if (text === '') {
      return mail.attachments.length > 0
        ? `no text: attachment-only email (${mail.attachments.length} attachment(s) kept)`
        : 'no text in the email';
    }
    return undefined;
  }

  /** A bounce quotes the Message-ID of the email of ours that failed: that email is marked failed. */
  private async recordBounce(raw: Buffer, emailId: string) {
    const { stores, tenantId, identity, logger } = this.deps;
    const domain = identity.domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ours = [...raw.toString('latin1').matchAll(new RegExp(`<[^<>\\s]{1,200}@${domain}>`, 'gi'))].map(
      (m) => m[0],
    );
    const failed = await stores.channelEmails.bounced(
      tenantId,
      [...new Set(ours)],
      `bounced (see ${emailId})`,
    );
    if (failed.length > 0) logger.warn({ emailId, failed }, 'reply email bounced');
  }

  private async accept(
    emailId: string,
    mail: ParsedMail,
    from: string,
    refs: string[],
    body: string,
    envelope: Envelope,
  ): Promise<InboundOutcome> {
    const { stores, tenantId, logger } = this.deps;
    const customerId = await this.customerFor(from, mail);
    const known = await stores.channelEmails.conversationOf(tenantId, refs);
    const threadId = known ?? this.replyToken(mail, envelope);
    const subject = (mail.subject ?? '').trim();
    // A new conversation starts with the subject, which often says what the customer wants.
    const text = (
      threadId === undefined && subject && !/^re:/i.test(subject) ? `${subject}\n\n${body}` : body
    ).slice(0, MAX_MESSAGE_CHARS);
    let run: { threadId: string; requestId: string };
    try {
      await this.deps.failpoint?.('pause-before:email-intake');
      run = await this.intoThread(customerId, text, threadId, requestIdOf(emailId));
      await this.deps.failpoint?.('pause-after:email-intake');
    } catch (error) {
      if (!isDeskError(error)) throw error;
      const reason = `not accepted by the desk: ${error.code} (${error.message})`;
      await stores.channelEmails.park(tenantId, emailId, reason);
      logger.warn({ emailId, reason }, 'inbound email parked');
      return { status: 'parked', emailId, reason };
    }
    await stores.channelEmails.accepted(tenantId, emailId, {
      conversationId: run.threadId,
      requestId: run.requestId,
    });
    logger.info({ emailId, threadId: run.threadId, requestId: run.requestId, customerId }, 'email accepted');
    return { status: 'accepted', emailId, threadId: run.threadId, requestId: run.requestId, customerId };
  }

  /** A thread that is not the sender's (a guessed token, a forwarded reply) starts a new one instead. */
  private async intoThread(
    customerId: string,
    text: string,
    threadId: string | undefined,
    requestId: string,
  ) {
    try {
      return await this.deps.intake.accept({ customerId, text, threadId, requestId });
    } catch (error) {
      if (threadId === undefined || !isDeskError(error) || error.code !== 'THREAD_NOT_FOUND') throw error;
      return this.deps.intake.accept({ customerId, text, requestId });
    }
  }

  /** The sender's customer record; an unknown sender becomes a new contact. */
  private async customerFor(address: string, mail: ParsedMail): Promise<string> {
    const { stores, tenantId } = this.deps;
    const existing = await stores.channelEmails.customerByAddress(tenantId, address);
    if (existing) return existing;
    const id = `cus_${createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 16)}`;
    const name = mail.from?.value[0]?.name?.trim() || address.split('@')[0]!;
    await stores.customers.upsert({
      id,
      tenantId,
      name: name.slice(0, 200),
      email: address.toLowerCase(),
      tier: 'standard',
      postcode: '',
      phone: '',
    });
    this.deps.logger.info({ customerId: id }, 'unknown email sender added as a contact');
    return id;
  }

  /** The thread named in a plus-address of ours (support+th_…@domain), the fallback to threading headers. */
  private replyToken(mail: ParsedMail, envelope: Envelope): string | undefined {
    const [local, domain] = this.deps.identity.address.toLowerCase().split('@');
    const candidates = [...addresses(mail.to), ...addresses(mail.cc), ...(envelope.rcptTo ?? [])];
    for (const candidate of candidates) {
      const match = /^([^+@]+)\+(th_[\w-]{1,80})@(.+)$/i.exec(candidate.trim());
      if (match && match[1]!.toLowerCase() === local && match[3]!.toLowerCase() === domain) return match[2];
    }
    return undefined;
  }
}

/** The request an inbound email becomes: fixed by the email, so handing it on twice stores it once. */
const requestIdOf = (emailId: string) => `req_${emailId}`;

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []]
    .flat()
    .flatMap((object) => object.value)
    .flatMap((entry) => [entry.address ?? '', ...(entry.group ?? []).map((g) => g.address ?? '')])
    .filter((address) => address.includes('@'));
}

const firstAddress = (field: AddressObject | undefined) => addresses(field)[0]?.toLowerCase();

/** The ids this email answers: In-Reply-To first, then References from the newest back. */
function threadIds(mail: ParsedMail): string[] {
  const references = [mail.references ?? []].flat().reverse();
  return [...new Set([...(mail.inReplyTo ? [mail.inReplyTo] : []), ...references])].slice(0, 50);
}

/** What the customer wrote now: the plain text (or the HTML's text), without quoted history or signature. */
function messageText(mail: ParsedMail): string {
  const body = mail.text ?? (typeof mail.html === 'string' ? htmlToText(mail.html) : '');
  return stripReply(body);
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
