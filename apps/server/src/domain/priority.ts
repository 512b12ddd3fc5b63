// How soon a request needs an answer, 1 (whenever) to 10 (now). Triage sets it; policies read it to decide
// when a person must look.
import { DeskError } from '../errors.js';

export type PriorityLabel = 'low' | 'normal' | 'high' | 'urgent';

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 10;

export class Priority {
  private constructor(readonly value: number) {
    Object.freeze(this);
  }

  /** Throws VALIDATION_FAILED unless `value` is an integer from 1 to 10. */
  static of(value: number): Priority {
    if (!Number.isInteger(value) || value < MIN_PRIORITY || value > MAX_PRIORITY) {
      throw new DeskError(
        'VALIDATION_FAILED',
        `A priority is a whole number from ${MIN_PRIORITY} to ${MAX_PRIORITY}`,
        { priority: String(value) },
      );
    }
    return new Priority(value);
  }

  isUrgent(): boolean {
    return this.value > 8;
  }

  get label(): PriorityLabel {
    if (this.value <= 3) return 'low';
    if (this.value <= 6) return 'normal';
    if (this.value <= 8) return 'high';
    return 'urgent';
  }

  equals(other: Priority): boolean {
    return this.value === other.value;
  }

  toJSON(): number {
    return this.value;
  }
}
