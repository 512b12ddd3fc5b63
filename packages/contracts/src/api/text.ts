// Text the desk can store: PostgreSQL refuses NUL in text and JSON, and a lone UTF-16 surrogate cannot be
// encoded as UTF-8, so either would fail deep in a query. Inputs are checked here, once, for every route.

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (!UNSTORABLE.test(text)) return undefined;
  return text.includes('\0')
    ? 'contains a NUL character'
    : 'contains a lone UTF-16 surrogate (not valid Unicode)';
}

/** The first string (or object key) anywhere in `value` that cannot be stored, with its path and why. */
export function findUnstorableText(
  value: unknown,
  path: string,
  depth = 0,
): { field: string; message: string } | undefined {
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why ? { field: path, message: why } : undefined;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  if (ArrayBuffer.isView(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = `${path}.${key}`;
    const why = unstorableText(key);
    if (why) return { field, message: `has a name that ${why}` };
    const found = findUnstorableText(item, field, depth + 1);
    if (found) return found;
  }
  return undefined;
}
