// The session-memory port: short-lived, fast state shared by every process of a deployment — a customer's
// session data and recent interactions, agents' coordination notes per conversation, a distributed lock and
// counters. The in-process adapter (below) is the zero-setup default; RedisSessionMemory is production.

export interface Interaction {
  at: string;
  conversationId: string;
  role: 'customer' | 'agent' | 'human';
  text: string;
}

export interface HeldLock {
  readonly name: string;
  readonly token: string;
  /** Releases the lock if this holder still has it; false when it had already expired or been taken. */
  release(): Promise<boolean>;
}

/**
 * Every TTL is in milliseconds and is refreshed by the write that sets it. Reads return undefined / empty
 * for missing or expired entries and never throw for absence. Methods are safe to call concurrently from
 * many processes (the Redis adapter's operations are atomic).
 */
export interface SessionMemory {
  readonly kind: 'in-process' | 'redis';
  /** The customer's session data, or undefined when there is none (or it expired). */
  getSession(tenantId: string, customerId: string): Promise<Record<string, unknown> | undefined>;
  /** Replaces the customer's session data. */
  setSession(
    tenantId: string,
    customerId: string,
    data: Record<string, unknown>,
    ttlMs: number,
  ): Promise<void>;
  /** Remembers an interaction, keeping the newest `keep`; the whole list expires `ttlMs` after the last one. */
  recordInteraction(
    tenantId: string,
    customerId: string,
    interaction: Interaction,
    options: { keep: number; ttlMs: number },
  ): Promise<void>;
  /** The newest interactions first, at most `limit`. */
  recentInteractions(tenantId: string, customerId: string, limit: number): Promise<Interaction[]>;
  /** Sets one field of a conversation's coordination notes (which agent holds it, what was tried, …). */
  setCoordination(
    tenantId: string,
    conversationId: string,
    field: string,
    value: unknown,
    ttlMs: number,
  ): Promise<void>;
  /** Every coordination field of a conversation; {} when none. */
  getCoordination(tenantId: string, conversationId: string): Promise<Record<string, unknown>>;
  /** Takes the named lock for `ttlMs` unless someone holds it; undefined when it is held. */
  acquireLock(name: string, ttlMs: number): Promise<HeldLock | undefined>;
  /** Adds `by` to a counter and returns the new value; the counter expires `ttlMs` after it was created. */
  increment(tenantId: string, counter: string, by?: number, ttlMs?: number): Promise<number>;
  /** Removes everything kept about the customer (session data and interactions). Idempotent. */
  forgetCustomer(tenantId: string, customerId: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry<Value> {
  value: Value;
  expiresAt: number;
}

/** The embedded default: plain maps with lazy expiry. One process only, lost on restart, as sessions may be. */
export class InProcessSessionMemory implements SessionMemory {
  readonly kind = 'in-process' as const;
  private readonly sessions = new Map<string, Entry<Record<string, unknown>>>();
  private readonly interactions = new Map<string, Entry<Interaction[]>>();
  private readonly coordination = new Map<string, Entry<Map<string, unknown>>>();
  private readonly locks = new Map<string, Entry<string>>();
  private readonly counters = new Map<string, Entry<number>>();
  private lockSeq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  getSession(tenantId: string, customerId: string) {
    const data = this.live(this.sessions, `${tenantId}/${customerId}`);
    return Promise.resolve(data && structuredClone(data));
  }

  setSession(tenantId: string, customerId: string, data: Record<string, unknown>, ttlMs: number) {
    this.sessions.set(`${tenantId}/${customerId}`, {
      value: structuredClone(data),
      expiresAt: this.now() + ttlMs,
    });
    return Promise.resolve();
  }

  recordInteraction(
    tenantId: string,
    customerId: string,
    interaction: Interaction,
    options: { keep: number; ttlMs: number },
  ) {
    const key = `${tenantId}/${customerId}`;
    const list = [{ ...interaction }, ...(this.live(this.interactions, key) ?? [])].slice(0, options.keep);
    this.interactions.set(key, { value: list, expiresAt: this.now() + options.ttlMs });
    return Promise.resolve();
  }

  recentInteractions(tenantId: string, customerId: string, limit: number) {
    const list = this.live(this.interactions, `${tenantId}/${customerId}`) ?? [];
    return Promise.resolve(list.slice(0, limit).map((item) => ({ ...item })));
  }

  setCoordination(tenantId: string, conversationId: string, field: string, value: unknown, ttlMs: number) {
    const key = `${tenantId}/${conversationId}`;
    const fields = this.live(this.coordination, key) ?? new Map<string, unknown>();
    fields.set(field, structuredClone(value));
    this.coordination.set(key, { value: fields, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  getCoordination(tenantId: string, conversationId: string) {
    const fields = this.live(this.coordination, `${tenantId}/${conversationId}`);
    return Promise.resolve(fields ? structuredClone(Object.fromEntries(fields)) : {});
  }

  acquireLock(name: string, ttlMs: number): Promise<HeldLock | undefined> {
    if (this.live(this.locks, name) !== undefined) return Promise.resolve(undefined);
    const token = `${process.pid}-${++this.lockSeq}`;
    this.locks.set(name, { value: token, expiresAt: this.now() + ttlMs });
    return Promise.resolve({
      name,
      token,
      release: () => {
        const held = this.live(this.locks, name) === token;
        if (held) this.locks.delete(name);
        return Promise.resolve(held);
      },
    });
  }

  increment(tenantId: string, counter: string, by = 1, ttlMs?: number) {
    const key = `${tenantId}/${counter}`;
    const current = this.counters.get(key);
    const alive = current && current.expiresAt > this.now() ? current : undefined;
    const value = (alive?.value ?? 0) + by;
    this.counters.set(key, {
      value,
      expiresAt: alive?.expiresAt ?? (ttlMs === undefined ? Number.POSITIVE_INFINITY : this.now() + ttlMs),
    });
    return Promise.resolve(value);
  }

  forgetCustomer(tenantId: string, customerId: string) {
    this.sessions.delete(`${tenantId}/${customerId}`);
    this.interactions.delete(`${tenantId}/${customerId}`);
    return Promise.resolve();
  }

  close() {
    this.sessions.clear();
    this.interactions.clear();
    this.coordination.clear();
    this.locks.clear();
    this.counters.clear();
    return Promise.resolve();
  }

  private live<Value>(map: Map<string, Entry<Value>>, key: string): Value | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }
}
