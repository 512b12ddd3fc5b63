// Test support: an SMTP sink (a second smtp-server) standing in for the mail relay, keeping every message
// it is given, parsed; it can be told to refuse the next few messages, as a failing relay would.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  mail: ParsedMail;
  envelopeFrom: string | undefined;
  envelopeTo: string[];
}

export interface SmtpSink {
  readonly port: number;
  readonly messages: SinkMessage[];
  /** Refuses the next `count` messages with a temporary failure (451). */
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let failing = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failing > 0) {
          failing -= 1;
          done(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          const { mailFrom, rcptTo } = session.envelope;
          messages.push({
            mail,
            envelopeFrom: mailFrom ? mailFrom.address : undefined,
            envelopeTo: rcptTo.map((r) => r.address),
          });
          done();
        }, done);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    failNext: (count) => {
      failing = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
