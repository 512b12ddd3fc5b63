// Test support for fuzzing the API: fast-check arbitraries of hostile input (any UTF-16 unit, NUL and lone
// surrogates, extreme numbers and dates), shaped after a route's own zod schema when it has one, so most
// inputs get past "unknown field" and into each field's checks and the handler behind them.
import fc from 'fast-check';

// One UTF-16 code unit at a time, so NUL and lone surrogates come up as often as anything else.
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const poison = fc.constantFrom('\0', '\ud800', '\udfff', '\udc00\ud800', '\u0000\ud83d');

export const hostileText = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), poison, fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  fc.constantFrom('', ' ', 'a'.repeat(3_000), '__proto__', "x' OR '1'='1"),
);

export const extremeNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 6, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -(2 ** 63), 2 ** 31),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

export const extremeDate = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59-12:00',
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '1970-01-01T00:00:00.000Z',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

const scalar = fc.oneof(hostileText, extremeNumber, extremeDate, fc.boolean(), fc.constant(null));
/** Anything JSON can carry, weighted towards hostile scalars. */
export const hostileValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);

interface ZodLike {
  _zod: {
    def: {
      type: string;
      innerType?: ZodLike;
      shape?: Record<string, ZodLike>;
      entries?: Record<string, string | number>;
      values?: unknown[];
      options?: ZodLike[];
      element?: ZodLike;
      in?: ZodLike;
      valueType?: ZodLike;
      format?: string;
    };
  };
}

const isZod = (value: unknown): value is ZodLike =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** Values a route would accept for the schema, or close to it: the background a poisoned field stands on. */
function plainOf(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!isZod(schema) || depth > 6) return fc.constant('ok');
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return def.format === 'datetime'
        ? fc.constant(new Date(Date.now() - 86_400_000).toISOString())
        : fc.constantFrom('cus_01', 'Where is my order?', 'sam', 'ok');
    case 'number':
    case 'int':
      return fc.integer({ min: 1, max: 5 });
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { none: 'none' }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'optional':
    case 'default':
      return fc.option(plainOf(def.innerType, depth + 1), { nil: undefined, freq: 2 });
    case 'nullable':
      return plainOf(def.innerType, depth + 1);
    case 'pipe':
      return plainOf(def.in, depth + 1);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => plainOf(option, depth + 1)));
    case 'array':
      return fc.array(plainOf(def.element, depth + 1), { minLength: 1, maxLength: 2 });
    case 'record':
      return fc.constant({});
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(def.shape ?? {}).map(([key, field]) => [key, plainOf(field, depth + 1)]),
        ),
      );
    default:
      return fc.constant('ok');
  }
}

/**
 * Inputs for a zod schema: mostly a value the route would accept with one field made hostile (so the
 * poison gets past validation of everything else), sometimes hostile throughout.
 */
export function arbitraryOf(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!isZod(schema) || depth > 6) return hostileValue;
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return fc.oneof(hostileText, def.format === 'datetime' ? extremeDate : hostileText, extremeDate);
    case 'number':
    case 'int':
      return fc.oneof(extremeNumber, hostileValue);
    case 'optional':
    case 'default':
    case 'nullable':
      return arbitraryOf(def.innerType, depth + 1);
    case 'pipe':
      return arbitraryOf(def.in, depth + 1);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => arbitraryOf(option, depth + 1)), hostileValue);
    case 'array':
      return fc.oneof(
        fc.array(arbitraryOf(def.element, depth + 1), { minLength: 1, maxLength: 3 }),
        hostileValue,
      );
    case 'record':
      return fc.dictionary(hostileText, hostileValue, { maxKeys: 3 });
    case 'object': {
      const keys = Object.keys(def.shape ?? {});
      const poisoned =
        keys.length === 0
          ? fc.constant(undefined)
          : fc
              .constantFrom(...keys)
              .chain((key) => arbitraryOf(def.shape![key], depth + 1).map((value) => ({ key, value })));
      const stray = fc.tuple(hostileText, hostileValue);
      return fc
        .tuple(
          plainOf(schema, depth),
          fc.oneof({ weight: 6, arbitrary: poisoned }, { weight: 1, arbitrary: fc.constant(undefined) }),
          fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: stray }),
        )
        .map(([plain, poison, extra]) => ({
          ...(plain as Record<string, unknown>),
          ...(poison ? { [poison.key]: poison.value } : {}),
          ...(extra ? { [extra[0]]: extra[1] } : {}),
        }));
    }
    default:
      return hostileValue;
  }
}

/** Percent-encodes any UTF-16 string for a URL, lone surrogates included (as their WTF-8 bytes). */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** A query string from generated values (non-strings as JSON), every name and value percent-encoded. */
export const queryStringOf = (query: Record<string, unknown>): string =>
  Object.entries(query)
    .filter(([, item]) => item !== undefined)
    .map(
      ([key, item]) =>
        `${percentEncode(key)}=${percentEncode(typeof item === 'string' ? item : JSON.stringify(item))}`,
    )
    .join('&');
