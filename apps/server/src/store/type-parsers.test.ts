// The fast bytea-array parser reads every array PostgreSQL could print exactly as pg's generic parser does.
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseByteaArray } from './type-parsers.js';

const generic = (pg.types.getTypeParser as (oid: number) => (text: string) => unknown)(1001);

/** An array value as PostgreSQL prints it with bytea_output = 'hex'. */
const printed = (value: unknown): string =>
  Array.isArray(value)
    ? `{${value.map(printed).join(',')}}`
    : value === null
      ? 'NULL'
      : `"\\\\x${(value as Buffer).toString('hex')}"`;

const element = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  // Bytes that mean something in the array syntax: quotes, backslashes, braces, commas.
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) },
);
// PostgreSQL arrays are rectangular: every sub-array of one level has as many elements.
const matrix = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([rows, columns]) =>
    fc.array(fc.array(element, { minLength: columns, maxLength: columns }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

describe('parseByteaArray', () => {
  it('reads one- and two-dimensional arrays as the generic parser does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(element, { maxLength: 6 }), matrix), (value) => {
        const text = printed(value);
        expect(parseByteaArray(text)).toEqual(generic(text));
        expect(parseByteaArray(text)).toEqual(value);
      }),
    );
  });

  it('hands explicit bounds and the escape output format to the generic parser', () => {
    for (const text of ['[0:1]={"\\\\x01","\\\\x02"}', '{"abc","a\\\\\\\\b"}', '{{"\\\\x01"},{"x"}}'])
      expect(parseByteaArray(text)).toEqual(generic(text));
  });
});
