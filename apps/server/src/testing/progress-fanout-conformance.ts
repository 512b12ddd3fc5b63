// The one conformance suite every live-progress fan-out passes (in-process, core NATS, Redis pub/sub): what
// one process publishes reaches listeners in another, in order, and a failing listener harms no other.
import { describe, expect, it } from 'vitest';
import type { ProgressFanout } from '../events/progress-fanout.js';

interface Report {
  threadId: string;
  n: number;
}

/** Two fan-outs of one deployment, as two processes would hold them (the same one for in-process). */
export interface FanoutPair {
  publisher: ProgressFanout<Report>;
  receiver: ProgressFanout<Report>;
  close(): Promise<void>;
}

async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function progressFanoutConformance(
  name: string,
  open: () => Promise<FanoutPair>,
  skipReason?: () => string | undefined,
): void {
  describe(`progress fan-out contract: ${name}`, () => {
    const withPair = async (run: (pair: FanoutPair) => Promise<void>) => {
      const reason = skipReason?.();
      if (reason) return console.warn(`[skip] ${name}: ${reason}`);
      const pair = await open();
      try {
        await Promise.all([pair.publisher.ready(), pair.receiver.ready()]);
        await run(pair);
      } finally {
        await pair.close();
      }
    };

    it('delivers what one process publishes to listeners in another, in order', () =>
      withPair(async ({ publisher, receiver }) => {
        const seen: number[] = [];
        const stop = receiver.onProgress((report) => void seen.push(report.n));
        for (let n = 1; n <= 50; n += 1) publisher.publish({ threadId: 'th_1', n });
        await eventually(() => seen.length === 50);
        expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        stop();
        publisher.publish({ threadId: 'th_1', n: 51 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen).toHaveLength(50);
      }));

    it('keeps delivering to the other listeners when one throws', () =>
      withPair(async ({ publisher, receiver }) => {
        const seen: number[] = [];
        receiver.onProgress(() => {
          throw new Error('broken listener');
        });
        receiver.onProgress((report) => void seen.push(report.n));
        publisher.publish({ threadId: 'th_2', n: 1 });
        publisher.publish({ threadId: 'th_2', n: 2 });
        await eventually(() => seen.length === 2);
        expect(seen).toEqual([1, 2]);
      }));

    it('never throws from publish, even after close', () =>
      withPair(async ({ publisher }) => {
        await publisher.close();
        expect(() => publisher.publish({ threadId: 'th_3', n: 1 })).not.toThrow();
      }));
  });
}
