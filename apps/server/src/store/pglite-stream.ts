// The embedded database's wire: a Duplex stream that `pg`'s Client takes in place of a TCP socket, carrying the
// PostgreSQL protocol to PGlite in the same process. `pg` still frames, parses and types every message exactly
// as it does for a server. What goes is the loopback socket (its system calls, a socket server re-framing each
// message) and one pass through PGlite per message: a short statement costs about half the CPU it did.
// PGlite has one session: the pool above it holds one client at a time, and each batch of messages runs under
// PGlite's own lock, so nothing else reaches the session in the middle of one.
import { Duplex } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';

/** A startup packet begins with its length, whose first byte is 0 (a typed message begins with a letter). */
const isStartup = (message: Uint8Array) => message[0] === 0;

export class PGliteStream extends Duplex {
  private session = false;

  constructor(private readonly pglite: PGlite) {
    super();
  }

  /** `pg` "connects" the stream it was given; there is nothing to reach. */
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  // The socket options `pg` sets mean nothing in process.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  override _read(): void {
    // Replies are pushed as PGlite produces them.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.later(chunk, done);
  }

  // `pg` corks the stream around a query's Parse/Bind/Describe/Execute/Sync: they arrive here together and
  // PGlite runs them in one pass.
  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.later(Buffer.concat(chunks.map(({ chunk }) => chunk)), done);
  }

  /**
   * Runs a batch on the event loop's next turn, as a socket's reply would arrive: without that, a run's
   * chain of statements resolves in microtasks alone and starves everything else (HTTP requests waited
   * for whole graph runs to finish).
   */
  private later(message: Buffer, done: (error?: Error | null) => void): void {
    setImmediate(() => void this.run(message).then(() => done(), done));
  }

  private async run(message: Buffer): Promise<void> {
    const replies: Uint8Array[] = [];
    await this.pglite.runExclusive(() => {
      if (isStartup(message)) this.session = true;
      return this.pglite.execProtocolRawStream(message, {
        onRawData: (data) => replies.push(Buffer.from(data)),
      });
    });
    // A client destroyed while its batch waited for the lock has nobody left to read the replies.
    if (this.session && replies.length > 0)
      this.push(replies.length === 1 ? replies[0] : Buffer.concat(replies));
  }

  override _final(done: (error?: Error | null) => void): void {
    this.endSession().then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.endSession().then(
      () => done(error),
      () => done(error),
    );
  }

  /**
   * What a server does when a connection ends: an open transaction rolls back and the session's prepared
   * statements go, so the next client (the pool opens one after an idle timeout or an error) can prepare
   * the same names again.
   */
  private async endSession(): Promise<void> {
    const open = this.session;
    this.session = false;
    this.push(null);
    if (!open || this.pglite.closed) return;
    await this.pglite.runExclusive(async () => {
      if (this.pglite.isInTransaction()) await this.raw('ROLLBACK');
      await this.raw('DEALLOCATE ALL');
    });
  }

  /** A simple-protocol statement on the session, its replies discarded (the client is gone). */
  private raw(sql: string): Promise<void> {
    const text = Buffer.from(`${sql}\0`);
    const message = Buffer.alloc(5 + text.length);
    message.write('Q', 0);
    message.writeInt32BE(4 + text.length, 1);
    text.copy(message, 5);
    return this.pglite.execProtocolRawStream(message, { onRawData: () => undefined });
  }
}
