// How sure an agent is of its own output, from 0 to 1. Quality checks compare it with a floor to decide when
// a person should read a draft before the customer does.
import { DeskError } from '../errors.js';

const assertUnitInterval = (value: number, name: string): void => {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new DeskError('VALIDATION_FAILED', `A ${name} is a number from 0 to 1`, { [name]: String(value) });
  }
};

export class Confidence {
  private constructor(readonly value: number) {
    Object.freeze(this);
  }

  /** Throws VALIDATION_FAILED unless `value` is a finite number in [0, 1]. */
  static of(value: number): Confidence {
    assertUnitInterval(value, 'confidence');
    return new Confidence(value);
  }

  /** A chain of steps is only as sure as its least sure step. */
  static weakest(confidences: readonly Confidence[]): Confidence {
    if (confidences.length === 0) {
      throw new DeskError('VALIDATION_FAILED', 'Cannot combine an empty list of confidences');
    }
    return new Confidence(Math.min(...confidences.map((c) => c.value)));
  }

  /** For independent opinions on the same question, such as several reviewers. */
  static average(confidences: readonly Confidence[]): Confidence {
    if (confidences.length === 0) {
      throw new DeskError('VALIDATION_FAILED', 'Cannot combine an empty list of confidences');
    }
    const total = confidences.reduce((sum, c) => sum + c.value, 0);
    return new Confidence(Math.min(1, total / confidences.length));
  }

  isBelow(threshold: number | Confidence): boolean {
    const floor = typeof threshold === 'number' ? threshold : threshold.value;
    assertUnitInterval(floor, 'threshold');
    return this.value < floor;
  }

  equals(other: Confidence): boolean {
    return this.value === other.value;
  }

  toJSON(): number {
    return this.value;
  }
}
