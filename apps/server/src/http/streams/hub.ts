// Fans a conversation's events out to its open streams (WebSocket and SSE). Durable events come from the
// outbox, read when any process of the deployment reports progress on the thread (the progress fan-out) and by
// a periodic look for missed nudges; live progress (steps, reply text) is forwarded as it happens. Each subscriber
// keeps its own last seq, so nothing is sent twice and a late subscriber catches up first.
import type { ProgressListener, RunProgress } from '../../graph/progress.js';
import type { Logger } from '../../logger.js';
import type { ConversationFeed, StreamEvent } from './feed.js';

/** Where live progress comes from: the deployment's progress fan-out (or, alone, the process's desk). */
export interface ProgressSource {
  onProgress(listener: ProgressListener): () => void;
}

export interface StreamSink {
  /** Sends one event; returns false when the client is too far behind (the hub then drops it). */
  send(event: StreamEvent): boolean;
  close(reason: string): void;
}

interface Subscriber {
  sink: StreamSink;
  lastSeq: number;
}

interface ThreadState {
  subscribers: Set<Subscriber>;
  reading: Promise<void> | undefined;
  again: boolean;
}

/** Progress worth forwarding as it happens (the rest is already in the outbox, with ids). */
/** How many seqs each poll looks behind its cursor, for events committed out of seq order. */
const LOOK_BACK = 200;

const liveTypes = new Set<RunProgress['type']>([
  'node.started',
  'node.finished',
  'request.queued',
  'reply.delta',
  'person.typing',
]);

export class StreamHub {
  private readonly threads = new Map<string, ThreadState>();
  private readonly stopProgress: () => void;
  private readonly timer: NodeJS.Timeout;
  private cursor: number | undefined;
  private polling = false;
  private closed = false;

  constructor(
    private readonly feed: ConversationFeed,
    progress: ProgressSource,
    private readonly logger: Logger,
    pollMs: number,
  ) {
    this.stopProgress = progress.onProgress((report) => this.onProgress(report));
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  get connections(): number {
    let n = 0;
    for (const state of this.threads.values()) n += state.subscribers.size;
    return n;
  }

  /** Streams the thread's events after `afterSeq` to `sink`, then everything new. Returns the unsubscriber. */
  subscribe(threadId: string, afterSeq: number, sink: StreamSink): () => void {
    const state = this.threads.get(threadId) ?? { subscribers: new Set(), reading: undefined, again: false };
    this.threads.set(threadId, state);
    const subscriber: Subscriber = { sink, lastSeq: afterSeq };
    state.subscribers.add(subscriber);
    this.read(threadId);
    return () => {
      state.subscribers.delete(subscriber);
      if (state.subscribers.size === 0 && !state.reading) this.threads.delete(threadId);
    };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.stopProgress();
    for (const state of this.threads.values()) {
      for (const subscriber of state.subscribers) subscriber.sink.close('server shutting down');
    }
    this.threads.clear();
  }

  private onProgress(progress: RunProgress): void {
    const state = this.threads.get(progress.threadId);
    if (!state) return;
    if (liveTypes.has(progress.type)) {
      const { type, threadId, requestId, ...data } = progress;
      const event: StreamEvent = { type, threadId, requestId, occurredAt: new Date().toISOString(), data };
      for (const subscriber of state.subscribers) this.deliver(state, subscriber, event);
    }
    this.read(progress.threadId);
  }

  /** Reads the thread's new outbox events and delivers them; concurrent calls coalesce into one more read. */
  private read(threadId: string): void {
    const state = this.threads.get(threadId);
    if (!state || this.closed) return;
    if (state.reading) {
      state.again = true;
      return;
    }
    state.reading = (async () => {
      do {
        state.again = false;
        if (state.subscribers.size === 0) break;
        const from = Math.min(...[...state.subscribers].map((s) => s.lastSeq));
        const events = await this.feed.after(threadId, from);
        for (const event of events) {
          for (const subscriber of state.subscribers) {
            if (event.seq <= subscriber.lastSeq) continue;
            const { seq, ...wire } = event;
            if (this.deliver(state, subscriber, wire)) subscriber.lastSeq = seq;
          }
        }
        if (events.length === 500) state.again = true;
      } while (state.again && !this.closed);
    })()
      .catch((error: unknown) => this.logger.warn({ err: error, threadId }, 'stream read failed'))
      .finally(() => {
        state.reading = undefined;
        if (state.subscribers.size === 0) this.threads.delete(threadId);
      });
  }

  private deliver(state: ThreadState, subscriber: Subscriber, event: StreamEvent): boolean {
    if (subscriber.sink.send(event)) return true;
    // A slow consumer is dropped rather than buffered without bound; it resumes from its last id.
    state.subscribers.delete(subscriber);
    subscriber.sink.close('slow consumer: reconnect with your last event id');
    return false;
  }

  /** Finds threads with events from other processes (or missed nudges) and reads those being watched. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed || this.threads.size === 0) return;
    this.polling = true;
    try {
      this.cursor ??= await this.feed.newestSeq();
      // Look back a little: a transaction may commit a lower seq after a higher one was already seen.
      const { threads, newest } = await this.feed.threadsChangedAfter(Math.max(0, this.cursor - LOOK_BACK));
      this.cursor = newest;
      for (const threadId of threads) if (this.threads.has(threadId)) this.read(threadId);
    } catch (error) {
      this.logger.warn({ err: error }, 'stream poll failed');
    } finally {
      this.polling = false;
    }
  }
}
