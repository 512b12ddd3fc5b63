// A resumable event stream over Server-Sent Events. The browser's EventSource already reconnects with
// Last-Event-ID after a drop; when it gives up (the server refused or went away for good) this reopens
// the stream itself with ?lastEventId= after a back-off, so no durable event is lost or shown twice.
import type { StreamEvent } from './types.js';
import { streamEventTypes } from '@frontdesk/contracts/stream-events';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface StreamHandlers {
  onEvent(event: StreamEvent): void;
  onState?(state: StreamState): void;
}

export interface StreamSource {
  close(): void;
}

/** What the stream needs from the browser; tests pass their own EventSource. */
export interface StreamOptions {
  token: string;
  lastEventId?: string;
  EventSourceImpl?: typeof EventSource;
  /** Back-off before reopening a stream the browser gave up on, in ms (doubles up to 30 s). */
  retryMs?: number;
}

/** Every named event the stream may send, except heartbeats (comments on SSE). */
const eventTypes = streamEventTypes.filter((type) => type !== 'heartbeat');

export function openStream(path: string, handlers: StreamHandlers, options: StreamOptions): StreamSource {
  const Impl = options.EventSourceImpl ?? EventSource;
  let lastEventId = options.lastEventId;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let retryMs = options.retryMs ?? 1_000;
  const seen = new Set<string>();

  const setState = (state: StreamState) => handlers.onState?.(state);

  const connect = () => {
    if (closed) return;
    const query = new URLSearchParams({ access_token: options.token });
    if (lastEventId) query.set('lastEventId', lastEventId);
    const es = new Impl(`${path}?${query.toString()}`);
    source = es;
    const receive = (message: MessageEvent<string>) => {
      let event: StreamEvent;
      try {
        event = JSON.parse(message.data) as StreamEvent;
      } catch {
        return;
      }
      if (event.id) {
        // A reconnect may overlap what already arrived; each durable event is handled once.
        if (seen.has(event.id)) return;
        seen.add(event.id);
        lastEventId = event.id;
      }
      handlers.onEvent(event);
    };
    for (const type of eventTypes) es.addEventListener(type, receive as EventListener);
    es.onmessage = receive;
    es.onopen = () => {
      retryMs = options.retryMs ?? 1_000;
      setState('live');
    };
    es.onerror = () => {
      if (closed) return;
      setState('reconnecting');
      if (es.readyState === Impl.CLOSED) {
        es.close();
        timer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    };
  };

  setState('connecting');
  connect();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
      setState('closed');
    },
  };
}
