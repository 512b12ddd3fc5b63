// The embedded database's one session, as the wire protocol sees it: a batch of protocol messages in, the
// replies out; and what a server does when a connection ends. The worker thread that owns PGlite runs these
// (pglite-worker.ts); nothing else touches the PGlite instance.
import type { PGlite } from '@electric-sql/pglite';

/**
 * Runs one batch of messages under PGlite's lock, so nothing else reaches the session in the middle of it.
 * Returns the replies as one array with a memory of its own (it is handed to another thread whole; a Buffer
 * may share Node's pool), empty when PGlite had nothing to say.
 */
export async function exchange(pglite: PGlite, message: Uint8Array): Promise<Uint8Array> {
  const replies: Uint8Array[] = [];
  let length = 0;
  await pglite.runExclusive(() =>
    pglite.execProtocolRawStream(message, {
      onRawData: (data) => {
        // PGlite hands out a view of its own memory: copied before the next statement overwrites it.
        replies.push(new Uint8Array(data));
        length += data.length;
      },
    }),
  );
  if (replies.length === 1) return replies[0]!;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of replies) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/**
 * What a server does when a connection ends: an open transaction rolls back and the session's prepared
 * statements go, so the next client (the pool opens one after an idle timeout or an error) can prepare
 * the same names again.
 */
export async function endSession(pglite: PGlite): Promise<void> {
  if (pglite.closed) return;
  await pglite.runExclusive(async () => {
    if (pglite.isInTransaction()) await simpleQuery(pglite, 'ROLLBACK');
    await simpleQuery(pglite, 'DEALLOCATE ALL');
  });
}

/** A simple-protocol statement on the session, its replies discarded (the client is gone). */
function simpleQuery(pglite: PGlite, sql: string): Promise<void> {
  return pglite.execProtocolRawStream(simpleQueryMessage(sql), { onRawData: () => undefined });
}

/** The protocol message of a simple-protocol query: 'Q', its length, the text and a NUL. */
export function simpleQueryMessage(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}
