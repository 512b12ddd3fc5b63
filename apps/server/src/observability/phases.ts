// Where a desk request's time goes, phase by phase (checkpoint writes, SQL, tool calls, drafting, …), for the
// graph benchmark's breakdown. Off unless the runtime is given a recorder: then it wraps the ports it builds,
// so a process without one runs exactly the code it always did.

export const phases = [
  'graph run',
  'agent steps',
  'checkpoints',
  'sql',
  'tool calls',
  'knowledge search',
  'memory',
  'classification',
  'drafting',
  'review',
  'decision record',
  'outbox',
  'progress',
] as const;
export type Phase = (typeof phases)[number];

/** Receives the wall time of one timed call. Must be quick and must not throw. */
export interface PhaseRecorder {
  add(phase: Phase, ms: number): void;
}

/** Sums per phase: milliseconds and calls, since the last reset. */
export class PhaseTotals implements PhaseRecorder {
  private ms = new Map<Phase, number>();
  private calls = new Map<Phase, number>();

  add(phase: Phase, ms: number): void {
    this.ms.set(phase, (this.ms.get(phase) ?? 0) + ms);
    this.calls.set(phase, (this.calls.get(phase) ?? 0) + 1);
  }

  reset(): void {
    this.ms = new Map();
    this.calls = new Map();
  }

  snapshot(): { phase: Phase; ms: number; calls: number }[] {
    return phases.map((phase) => ({ phase, ms: this.ms.get(phase) ?? 0, calls: this.calls.get(phase) ?? 0 }));
  }
}

/** Runs `work`, adding its wall time to `phase` when there is a recorder (rejections are timed too). */
export async function timed<T>(
  recorder: PhaseRecorder | undefined,
  phase: Phase,
  work: () => Promise<T>,
): Promise<T> {
  if (!recorder) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    recorder.add(phase, performance.now() - started);
  }
}

/**
 * `target` with the named async methods timed (a phase for every method when one phase is given). Methods
 * run on the target itself, so its own inner calls are not counted twice and private fields still work.
 */
export function timeMethods<T extends object>(
  target: T,
  recorder: PhaseRecorder,
  phaseOf: Phase | Partial<Record<keyof T & string, Phase>>,
): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      const phase = typeof phaseOf === 'string' ? phaseOf : phaseOf[key as keyof T & string];
      const method = value as (...args: unknown[]) => unknown;
      if (!phase) return method.bind(object);
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = method.apply(object, args);
        if (!(result instanceof Promise)) {
          recorder.add(phase, performance.now() - started);
          return result;
        }
        return result.finally(() => recorder.add(phase, performance.now() - started));
      };
    },
  });
}
