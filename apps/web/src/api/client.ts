// The API client: same-origin fetch with the session's bearer token, RFC 9457 problem documents turned into
// ApiError, and the two failures every page must explain: an expired session and an unreachable API.
import type { Session } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The session is missing, expired or revoked: the person must sign in again. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }

  /** The API did not answer at all (server down, network gone). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Raw bytes (uploads); sent with `contentType` instead of JSON. */
  raw?: Blob | ArrayBuffer | string;
  contentType?: string;
  signal?: AbortSignal;
  /** A key that makes a retried POST safe (the API answers a repeat with the first response). */
  idempotencyKey?: string;
}

export type Fetch = typeof fetch;

export class ApiClient {
  constructor(
    private readonly session: () => Session | undefined,
    private readonly onUnauthenticated: () => void = () => undefined,
    private readonly fetcher: Fetch = (...args) => fetch(...args),
  ) {}

  get token(): string | undefined {
    return this.session()?.token;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await this.fetcher(path, {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body: body ?? null,
        signal: options.signal ?? null,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'UNREACHABLE',
        'The desk is not answering. Check your connection; we will retry.',
      );
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = text ? (safeJson(text) as Record<string, unknown> | undefined) : undefined;
    if (!response.ok) {
      const error = new ApiError(
        response.status,
        typeof parsed?.code === 'string' ? parsed.code : `HTTP_${response.status}`,
        typeof parsed?.detail === 'string' ? parsed.detail : `The desk answered ${response.status}`,
        Array.isArray(parsed?.fields) ? (parsed.fields as ApiError['fields']) : [],
      );
      if (error.unauthenticated && token) this.onUnauthenticated();
      throw error;
    }
    return parsed as T;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, signal ? { signal } : {});
  }

  post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
    return this.request<T>(path, { method: 'POST', body, ...(idempotencyKey ? { idempotencyKey } : {}) });
  }

  /** A one-minute ticket that opens a stream, so the bearer token itself never goes into a URL. */
  async streamTicket(): Promise<string> {
    return (await this.post<{ ticket: string }>('/v1/stream-tickets', {})).ticket;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fresh key for one user action, so a retried click never sends a message or an answer twice. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

/** Words for an error that a person can act on. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.unreachable) return error.message;
    if (error.unauthenticated) return 'Your session has expired. Please sign in again.';
    if (error.status === 403) return `You are not allowed to do this (${error.message}).`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
