// The model response cache port: answers keyed by model and prompt hash, each with a time to live. Callers
// decide what may be cached (never an answer that depends on personal data); adapters only store strings.
import { createHash } from 'node:crypto';

export interface ResponseCache {
  /** The stored value, or undefined when absent or expired. Never throws for a missing key. */
  get(key: string): Promise<string | undefined>;
  /** Stores the value for ttlMs milliseconds, replacing any earlier one. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The cache key of one prompt sent to one model: a hash, so no prompt text is kept in the key. */
export const responseCacheKey = (model: string, promptId: string, prompt: string): string =>
  createHash('sha256').update(`${model}\n${promptId}\n${prompt}`).digest('hex');

/** In-process adapter (the default): a bounded map, oldest entries evicted first. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(entry.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}
