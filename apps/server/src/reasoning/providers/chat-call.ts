// One call to a chat model through LangChain.js: a deadline for the whole call (backoff included), retries with
// backoff when the provider answers 429, streaming when the caller wants text as it arrives, and token counts.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';

export interface ChatCallOptions {
  /** The whole call's budget, retries and waits included. */
  timeoutMs: number;
  /** How many times a 429 is retried before the call fails. */
  rateLimitRetries: number;
  /** First backoff wait; doubles each time unless the provider says how long (Retry-After). */
  backoffMs: number;
  /** Stream the answer, passing each piece of text as it arrives. */
  onText?: (chunk: string) => void;
}

export interface ChatAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** How many 429 answers were waited out. */
  rateLimited: number;
}

/** A failed call, with what it spent before failing and a reason fit for a decision record. */
export class ChatCallError extends Error {
  constructor(
    readonly reason: string,
    readonly spent: { inputTokens: number; outputTokens: number },
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'ChatCallError';
  }
}

interface ProviderError {
  status?: number;
  headers?: Record<string, string> | { get(name: string): string | null };
  lc_error_code?: string;
  message?: string;
  name?: string;
}

const statusOf = (error: ProviderError): number | undefined =>
  error.status ?? (error.lc_error_code === 'MODEL_RATE_LIMIT' ? 429 : undefined);

function retryAfterMs(error: ProviderError): number | undefined {
  const headers = error.headers;
  const value =
    headers && typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): string | null }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = value === undefined || value === null ? NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** A short reason for a decision record: timeouts, HTTP statuses and unknown models read plainly. */
export function describeFailure(error: unknown): string {
  const e = (error ?? {}) as ProviderError;
  if (error instanceof ChatCallError) return error.reason;
  const status = statusOf(e);
  const message = (e.message ?? String(error)).split('\n')[0]!.slice(0, 160);
  if (e.name === 'AbortError' || /abort/i.test(message)) return 'timed out';
  if (status === 404) return `unknown model or endpoint (HTTP 404): ${message}`;
  if (status !== undefined) return `HTTP ${status}: ${message}`;
  if (/ECONNREFUSED|fetch failed|Connection error|ENOTFOUND|socket/i.test(message))
    return `endpoint unreachable: ${message}`;
  return message;
}

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content
          .map((part: { text?: string }) => (typeof part === 'string' ? part : (part.text ?? '')))
          .join('')
      : '';

async function once(
  model: BaseChatModel,
  messages: BaseMessage[],
  signal: AbortSignal,
  onText?: (chunk: string) => void,
) {
  if (!onText) {
    const message = await model.invoke(messages, { signal });
    return {
      text: textOf(message.content),
      inputTokens: message.usage_metadata?.input_tokens ?? 0,
      outputTokens: message.usage_metadata?.output_tokens ?? 0,
    };
  }
  let text = '';
  let inputTokens = 0;
  let outputTokens = 0;
  const stream = await model.stream(messages, { signal });
  for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
    const piece = textOf(chunk.content);
    if (piece) {
      text += piece;
      onText(piece);
    }
    // Providers report usage once (OpenAI) or split across events (Anthropic): take the largest seen.
    inputTokens = Math.max(inputTokens, chunk.usage_metadata?.input_tokens ?? 0);
    outputTokens = Math.max(outputTokens, chunk.usage_metadata?.output_tokens ?? 0);
  }
  return { text, inputTokens, outputTokens };
}

export async function callChat(
  model: BaseChatModel,
  messages: BaseMessage[],
  options: ChatCallOptions,
): Promise<ChatAnswer> {
  const controller = new AbortController();
  const deadline = Date.now() + options.timeoutMs;
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let rateLimited = 0;
  try {
    for (;;) {
      try {
        return { ...(await once(model, messages, controller.signal, options.onText)), rateLimited };
      } catch (error) {
        if (controller.signal.aborted)
          throw new ChatCallError(
            `timed out after ${options.timeoutMs} ms`,
            { inputTokens: 0, outputTokens: 0 },
            { cause: error },
          );
        const e = error as ProviderError;
        if (statusOf(e) !== 429 || rateLimited >= options.rateLimitRetries) {
          throw new ChatCallError(
            rateLimited > 0
              ? `${describeFailure(error)} (after ${rateLimited} rate-limit retries)`
              : describeFailure(error),
            { inputTokens: 0, outputTokens: 0 },
            { cause: error },
          );
        }
        const wait = Math.min(retryAfterMs(e) ?? options.backoffMs * 2 ** rateLimited, 30_000);
        if (Date.now() + wait >= deadline) {
          throw new ChatCallError(`rate limited (HTTP 429); the wait of ${wait} ms exceeds the deadline`, {
            inputTokens: 0,
            outputTokens: 0,
          });
        }
        rateLimited++;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
