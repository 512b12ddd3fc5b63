// A resumable event stream over Server-Sent Events. The browser's EventSource already reconnects with
// Last-Event-ID after a drop; when it gives up (the server refused or went away for good) this reopens
// the stream itself with ?lastEventId= after a back-off, so no durable event is lost or shown twice.
// Each opening carries a fresh one-minute stream ticket, never the bearer token: a URL ends up in logs.
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
  /** A fresh stream ticket (POST /v1/stream-tickets) for each opening. */
  ticket: () => Promise<string>;
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

  const retry = () => {
    timer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  const connect = async () => {
    if (closed) return;
    let ticket: string;
    try {
      ticket = await options.ticket();
    } catch {
      if (closed) return;
      setState('reconnecting');
      return retry();
    }
    if (closed) return;
    const query = new URLSearchParams({ ticket });
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
      // The browser reconnects by itself with the same URL; once it gives up (the ticket expired, the
      // server went away) this reopens with a new ticket.
      if (es.readyState === Impl.CLOSED) {
        es.close();
        retry();
      }
    };
  };

  setState('connecting');
  void connect();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
      setState('closed');
    },
  };
}
