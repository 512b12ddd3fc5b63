// The desk's own SMTP port: accepts mail for the support address (optional STARTTLS, a size limit) and hands
// each message to the inbound reader. An oversized message is refused with 552 and parked by its envelope.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../logger.js';
import type { EmailInbound, Envelope } from './inbound.js';

export interface SmtpOptions {
  host: string;
  port: number;
  maxBytes: number;
  /** PEM key and certificate: STARTTLS is offered only with both. */
  tls?: { key: Buffer; cert: Buffer } | undefined;
}

type Done = (error?: Error | null) => void;

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

export class SmtpIntake {
  private readonly server: SMTPServer;
  private listening = false;
  /** The port listened on, once started. */
  port: number | undefined;

  constructor(
    private readonly inbound: EmailInbound,
    private readonly options: SmtpOptions,
    private readonly logger: Logger,
  ) {
    this.server = new SMTPServer({
      name: 'frontdesk',
      banner: 'Frontdesk support desk',
      size: options.maxBytes,
      authOptional: true,
      disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
      logger: false,
      maxClients: 50,
      socketTimeout: 60_000,
      onMailFrom: (address, _session, done: Done) => {
        const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
        if (declared > options.maxBytes) {
          this.refuseOversized({ mailFrom: address.address }, declared).then(
            () => done(tooLarge(options.maxBytes)),
            done,
          );
          return;
        }
        done();
      },
      onData: (stream, session, done: Done) => {
        this.read(stream, session).then((error) => done(error), done);
      },
    });
    this.server.on('error', (error) => this.logger.warn({ err: error }, 'smtp intake error'));
  }

  /** Listens; resolves with the port (0 in the options picks a free one). */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    const port = (this.server.server.address() as AddressInfo).port;
    this.port = port;
    this.logger.info({ port, starttls: Boolean(this.options.tls) }, 'smtp intake listening');
    return port;
  }

  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async read(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<Error | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Past the limit the rest is counted, not kept.
      if (!stream.sizeExceeded) chunks.push(chunk);
    }
    if (stream.sizeExceeded) {
      await this.refuseOversized(envelopeOf(session), size);
      return tooLarge(this.options.maxBytes);
    }
    const outcome = await this.inbound.receive(Buffer.concat(chunks), envelopeOf(session));
    // A parked message is still accepted for delivery: it is kept for a person, so nothing bounces or is lost.
    this.logger.debug({ outcome: outcome.status }, 'smtp message read');
    return null;
  }

  private async refuseOversized(envelope: Envelope, size: number) {
    await this.inbound.parkUnread(
      envelope,
      size,
      `too large: ${size} bytes, the limit is ${this.options.maxBytes}; refused with 552`,
    );
  }
}

const tooLarge = (maxBytes: number) => smtpError(`Message exceeds the size limit of ${maxBytes} bytes`, 552);

function envelopeOf(session: SMTPServerSession): Envelope {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    mailFrom: mailFrom ? mailFrom.address : undefined,
    rcptTo: rcptTo.map((rcpt) => rcpt.address),
  };
}
