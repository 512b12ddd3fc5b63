// CLI commands through a running desk's HTTP API instead of the database: the desk named by FRONTDESK_URL
// (with FRONTDESK_TOKEN or FRONTDESK_API_KEY), or the one running on this data directory (see desk-file.ts).
import { api, isErrorCode } from '@frontdesk/contracts';
import type { Config } from '../config.js';
import { DeskError } from '../errors.js';
import { DESK_FILE, readDeskNote } from './desk-file.js';

const REQUEST_TIMEOUT_MS = 30_000;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class DeskClient {
  constructor(
    readonly url: string,
    /** How this client authenticates (a bearer token or an API key), for other transports to the same desk. */
    readonly headers: Record<string, string>,
    /** Where the URL and the credentials came from, for messages that say which is wrong. */
    private readonly source: { url: string; credentials: string },
  ) {}

  request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.exchange<T>(
      method,
      path,
      body === undefined ? undefined : { bytes: JSON.stringify(body), type: 'application/json' },
    );
  }

  /** Sends a file's bytes as they are (a document upload: the desk tells the format from the name). */
  upload<T>(path: string, bytes: Uint8Array, type = 'application/octet-stream'): Promise<T> {
    return this.exchange<T>('POST', path, { bytes: new Blob([new Uint8Array(bytes)]), type });
  }

  private async exchange<T>(
    method: Method,
    path: string,
    body: { bytes: string | Blob; type: string } | undefined,
  ): Promise<T> {
    const target = new URL(path, this.url);
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': body.type },
        body: body?.bytes,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new DeskError(
        'DESK_UNREACHABLE',
        `No desk answers at ${this.url} (from ${this.source.url}): ${reason}`,
        { url: this.url },
      );
    }
    const payload = (await response.json().catch(() => undefined)) as unknown;
    if (response.status === 401) {
      throw new DeskError(
        'DESK_CREDENTIALS_REFUSED',
        `The desk at ${this.url} refused ${this.source.credentials}`,
        { url: this.url },
      );
    }
    if (!response.ok) {
      const problem = (payload ?? {}) as { code?: unknown; detail?: unknown };
      throw new DeskError(
        isErrorCode(problem.code) ? problem.code : 'INTERNAL',
        typeof problem.detail === 'string'
          ? problem.detail
          : `${method} ${target.pathname}: ${response.status}`,
        { url: this.url },
      );
    }
    return payload as T;
  }
}

/** The desk to talk to, or undefined when commands should open the database themselves. */
export async function connectToDesk(
  config: Config,
  as: { sub: string; role: string } = { sub: 'cli', role: 'admin' },
  /** How long a token minted for a desk on this data directory lasts (a long MCP session needs more). */
  tokenSeconds = 300,
): Promise<DeskClient | undefined> {
  const { url, token, apiKey } = config.remote;
  if (url) {
    if (token)
      return new DeskClient(
        url,
        { authorization: `Bearer ${token}` },
        { url: 'FRONTDESK_URL', credentials: 'FRONTDESK_TOKEN' },
      );
    if (apiKey)
      return new DeskClient(
        url,
        { 'x-api-key': apiKey },
        { url: 'FRONTDESK_URL', credentials: 'FRONTDESK_API_KEY' },
      );
    throw new DeskError(
      'CONFIG_INVALID',
      'FRONTDESK_URL is set: give FRONTDESK_TOKEN or FRONTDESK_API_KEY too',
      {
        variables: ['FRONTDESK_TOKEN', 'FRONTDESK_API_KEY'],
      },
    );
  }
  // With PostgreSQL every process opens the database itself; only the embedded one is held by one process.
  if (config.databaseUrl) return undefined;
  const note = readDeskNote(config.dataDir);
  if (!note) return undefined;
  // Whoever can read this data directory can read its signing secret: a short-lived admin token is no more.
  const [{ loadOrCreateSecret }, { TokenService }] = await Promise.all([
    import('../security/secret.js'),
    import('../security/tokens.js'),
  ]);
  const tokens = new TokenService({
    secret: config.auth.jwtSecret ?? loadOrCreateSecret(config.dataDir),
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  const role = api.roleSchema.safeParse(as.role);
  if (!role.success) {
    throw new DeskError('VALIDATION_FAILED', `--role must be one of ${api.roles.join(', ')}`, {
      fields: [{ field: 'role', message: `not a role: ${as.role}` }],
    });
  }
  const minted = await tokens.mint({ sub: as.sub, role: role.data, tenant: config.tenantId }, tokenSeconds);
  return new DeskClient(
    note.url,
    { authorization: `Bearer ${minted.token}` },
    {
      url: `${DESK_FILE} in ${config.dataDir}`,
      credentials: "a token signed with this data directory's secret",
    },
  );
}

/** How a request ended, as the API shows it: its run status and outcome, and the reply it got (if any). */
export interface RequestOutcome {
  threadId: string;
  requestId: string;
  status: string;
  outcome: string | undefined;
  reply: string | undefined;
}

interface ConversationView {
  messages: Array<{ role: string; text: string; requestId?: string }>;
  requests: Array<{ id: string; runStatus: string; outcome?: string | null }>;
}

/**
 * Waits until the desk's run of a request has stopped (delivered, waiting for a person, or failed), reading
 * the conversation every `pollMs`; throws DESK_WAIT_TIMEOUT after `timeoutMs`.
 */
export async function awaitRequest(
  desk: DeskClient,
  threadId: string,
  requestId: string,
  { timeoutMs = 120_000, pollMs = 250 } = {},
): Promise<RequestOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await desk.request<ConversationView>(
      'GET',
      `/v1/conversations/${encodeURIComponent(threadId)}`,
    );
    const request = view.requests.find((each) => each.id === requestId);
    if (request && request.runStatus !== 'queued' && request.runStatus !== 'running') {
      const reply = view.messages.filter((m) => m.requestId === requestId && m.role !== 'customer').at(-1);
      return {
        threadId,
        requestId,
        status: request.runStatus,
        outcome: request.outcome ?? undefined,
        reply: reply?.text,
      };
    }
    if (Date.now() > deadline) {
      throw new DeskError(
        'DESK_WAIT_TIMEOUT',
        `Request ${requestId} was still running after ${timeoutMs / 1000} s`,
        {
          requestId,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export const describeOutcome = (o: RequestOutcome) =>
  [`${o.requestId} on ${o.threadId}: ${o.status}${o.outcome ? ` (${o.outcome})` : ''}`, o.reply ?? '']
    .filter(Boolean)
    .join('\n');
