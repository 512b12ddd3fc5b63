// How the pools read PostgreSQL's text values: pg's own parsers, except for bytea arrays. PostgresSaver
// reads a checkpoint's channel values and pending writes as two-dimensional bytea arrays, and pg parses
// those through postgres-array, which builds every element one character at a time: 5 % of a desk
// request's CPU went there. bytea comes back in hex (`"\\x0a1b"`), so an element ends at the next quote
// and its bytes are one Buffer.from call away.
import pg from 'pg';

/** bytea[]'s type id (pg-types names only scalar types). */
const BYTEA_ARRAY = 1001;
type TextParser = (text: string) => unknown;
const parserOf = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => TextParser;
const genericByteaArray = parserOf(BYTEA_ARRAY, 'text');

/** Thrown inside the fast path for anything but plain hex elements: the generic parser takes over. */
class NotPlainHex extends Error {}

/** A bytea array of any depth in PostgreSQL's text form, elements as Buffers (or null). */
export function parseByteaArray(text: string): unknown {
  try {
    let at = 0;
    const level = (): unknown[] => {
      at++; // past '{'
      const elements: unknown[] = [];
      if (text.charCodeAt(at) === 0x7d /* } */) {
        at++;
        return elements;
      }
      for (;;) {
        const first = text.charCodeAt(at);
        if (first === 0x7b /* { */) elements.push(level());
        else if (first === 0x22 /* " */ && text.startsWith('\\\\x', at + 1)) {
          // Hex digits hold no quote, so the next quote closes the element.
          const end = text.indexOf('"', at + 4);
          if (end < 0) throw new NotPlainHex();
          elements.push(Buffer.from(text.slice(at + 4, end), 'hex'));
          at = end + 1;
        } else if (text.startsWith('NULL', at)) {
          elements.push(null);
          at += 4;
        } else throw new NotPlainHex();
        const separator = text.charCodeAt(at++);
        if (separator === 0x7d /* } */) return elements;
        if (separator !== 0x2c /* , */) throw new NotPlainHex();
      }
    };
    // Arrays with explicit bounds (`[0:1]={…}`) and bytea_output = 'escape' go the generic way.
    if (text.charCodeAt(0) !== 0x7b) throw new NotPlainHex();
    const parsed = level();
    if (at !== text.length) throw new NotPlainHex();
    return parsed;
  } catch (error) {
    if (!(error instanceof NotPlainHex)) throw error;
    return genericByteaArray(text);
  }
}

/** The type parsers every pool of the store uses (pg.Pool's `types`). */
export const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BYTEA_ARRAY && format !== 'binary'
      ? parseByteaArray
      : parserOf(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
