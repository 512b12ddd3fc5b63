// The embedded database's wire: a Duplex stream that `pg`'s Client takes in place of a TCP socket, carrying the
// PostgreSQL protocol to PGlite on its thread in the same process (pglite-thread.ts). `pg` still frames, parses
// and types every message exactly as it does for a server. What goes is the loopback socket (its system calls, a
// socket server re-framing each message) and one pass through PGlite per message: a short statement costs about
// half the CPU it did. PGlite has one session: the pool above it holds one client at a time, and each batch of
// messages runs under PGlite's own lock, so nothing else reaches the session in the middle of one.
import { Duplex } from 'node:stream';
import type { PGliteThread } from './pglite-thread.js';

/** A startup packet begins with its length, whose first byte is 0 (a typed message begins with a letter). */
const isStartup = (message: Uint8Array) => message[0] === 0;

export class PGliteStream extends Duplex {
  private session = false;

  constructor(private readonly pglite: PGliteThread) {
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
    this.send(chunk, done);
  }

  // `pg` corks the stream around a query's Parse/Bind/Describe/Execute/Sync: they arrive here together and
  // PGlite runs them in one pass.
  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.send(Buffer.concat(chunks.map(({ chunk }) => chunk)), done);
  }

  /**
   * Replies come back as a message from the database's thread, on a later turn of the event loop, as a
   * socket's would: a run's chain of statements never resolves in microtasks alone, starving everything
   * else (HTTP requests once waited for whole graph runs to finish that way).
   */
  private send(message: Buffer, done: (error?: Error | null) => void): void {
    this.run(message).then(() => done(), done);
  }

  private async run(message: Buffer): Promise<void> {
    if (isStartup(message)) this.session = true;
    const replies = await this.pglite.exchange(message);
    // A client destroyed while its batch waited has nobody left to read the replies.
    if (this.session && replies.length > 0)
      this.push(Buffer.from(replies.buffer, replies.byteOffset, replies.length));
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

  /** The session ends with the client: PGlite's side rolls back and forgets prepared statements. */
  private async endSession(): Promise<void> {
    const open = this.session;
    this.session = false;
    this.push(null);
    if (!open || this.pglite.closed) return;
    await this.pglite.endSession();
  }
}
