// Credentials never reach the log: query parameters that carry them (`access_token`, stream tickets, API
// keys, signatures) are masked in every logged URL, and credential headers in every logged header set.

const MASK = '[redacted]';

/** Query parameter names that carry a credential, whatever their case or spelling (api_key, apiKey, …). */
const SECRET_PARAM =
  /token|ticket|key|secret|password|passwd|auth|signature|session|credential|^code$|^sig$/i;

/** Header names that carry a credential. */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'mcp-session-id',
] as const;

const decoded = (name: string): string => {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
};

/** The URL (a path with its query, or an absolute URL) with credential values and user info masked. */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash >= 0 ? url.slice(0, hash) : url;
  const mark = withoutHash.indexOf('?');
  let base = mark >= 0 ? withoutHash.slice(0, mark) : withoutHash;
  // https://user:password@host/… keeps the user, never the password.
  base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (_all, scheme: string) => `${scheme}${MASK}@`);
  if (mark < 0) return base;
  const query = withoutHash
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals >= 0 ? pair.slice(0, equals) : pair;
      return equals >= 0 && SECRET_PARAM.test(decoded(name)) ? `${name}=${MASK}` : pair;
    })
    .join('&');
  return `${base}?${query}`;
}

/** A copy of the headers with every credential header's value masked. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = (CREDENTIAL_HEADERS as readonly string[]).includes(name.toLowerCase()) ? MASK : value;
  }
  return copy;
}
