// The resumable stream: each durable event is handled once, and a stream the browser gave up on is reopened
// from the last event id it saw.
import { describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from './types.js';
import { openStream, type StreamState } from './stream.js';

/** An EventSource stand-in the test drives: opens, delivers messages, fails. */
class ScriptedSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: ScriptedSource[] = [];
  readyState = ScriptedSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  private readonly listeners = new Map<string, (message: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    ScriptedSource.opened.push(this);
  }
  addEventListener(type: string, listener: (message: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.readyState = ScriptedSource.CLOSED;
  }
  open() {
    this.readyState = ScriptedSource.OPEN;
    this.onopen?.();
  }
  deliver(event: Partial<StreamEvent> & { type: string }) {
    this.listeners.get(event.type)?.({
      data: JSON.stringify({ threadId: 't', occurredAt: '', data: {}, ...event }),
    } as MessageEvent<string>);
  }
  fail(permanently: boolean) {
    this.readyState = permanently ? ScriptedSource.CLOSED : ScriptedSource.CONNECTING;
    this.onerror?.();
  }
}

describe('event stream', () => {
  it('handles each durable event once and reopens from the last id, with a new ticket, after the browser gives up', async () => {
    vi.useFakeTimers();
    ScriptedSource.opened = [];
    let tickets = 0;
    const seen: string[] = [];
    const states: StreamState[] = [];
    const stream = openStream(
      '/v1/conversations/t/events',
      { onEvent: (e) => seen.push(`${e.type}:${e.id ?? '-'}`), onState: (s) => states.push(s) },
      {
        ticket: () => Promise.resolve(`tk${++tickets}`),
        EventSourceImpl: ScriptedSource as unknown as typeof EventSource,
        retryMs: 500,
      },
    );
    await vi.advanceTimersByTimeAsync(0);
    const first = ScriptedSource.opened[0]!;
    expect(first.url).toBe('/v1/conversations/t/events?ticket=tk1');
    first.open();
    first.deliver({ type: 'request.accepted', id: '7' });
    first.deliver({ type: 'node.started' });
    first.deliver({ type: 'request.accepted', id: '7' });
    first.fail(true);
    expect(states.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    const second = ScriptedSource.opened[1]!;
    expect(second.url).toBe('/v1/conversations/t/events?ticket=tk2&lastEventId=7');
    second.open();
    second.deliver({ type: 'reply.sent', id: '8' });
    expect(seen).toEqual(['request.accepted:7', 'node.started:-', 'reply.sent:8']);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    stream.close();
    expect(second.readyState).toBe(ScriptedSource.CLOSED);
    vi.useRealTimers();
  });
});
