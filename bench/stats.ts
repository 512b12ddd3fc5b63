// The timing arithmetic every benchmark shares, so figures from different benchmarks mean the same thing.

/** Nearest-rank percentile of samples already sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Samples {
  /** Milliseconds per call, sorted ascending. */
  sorted: number[];
  /** Calls per second of wall time over the measured runs. */
  perSecond: number;
}

/**
 * Runs `once` sequentially `warmup` times unmeasured (JIT, connection pools, caches), then `runs` times
 * measured one by one.
 */
export async function sample(
  runs: number,
  once: (i: number) => Promise<unknown>,
  warmup = 0,
): Promise<Samples> {
  for (let i = 0; i < warmup; i++) await once(i);
  const samples = new Float64Array(runs);
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once(i);
    samples[i] = performance.now() - t0;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return { sorted: Array.from(samples).sort((a, b) => a - b), perSecond: runs / wallSeconds };
}

/** Rounds to `digits` decimals for printing. */
export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run builds the same data. */
export function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
