import { describe, it, expect } from 'vitest';
import { Confidence } from './confidence.js';

const invalid = expect.objectContaining({ code: 'VALIDATION_FAILED' });

describe('confidence', () => {
  it.each([0, 0.6, 1])('accepts %s', (value) => {
    expect(Confidence.of(value).value).toBe(value);
  });

  it.each([-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (value) => {
    expect(() => Confidence.of(value)).toThrow(invalid);
  });

  it('is below a threshold only when strictly lower', () => {
    expect(Confidence.of(0.59).isBelow(0.6)).toBe(true);
    expect(Confidence.of(0.6).isBelow(0.6)).toBe(false);
    expect(Confidence.of(0.59).isBelow(Confidence.of(0.6))).toBe(true);
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(() => Confidence.of(0.5).isBelow(2)).toThrow(invalid);
  });

  it('takes the weakest step of a chain', () => {
    const chain = [0.9, 0.4, 0.8].map((value) => Confidence.of(value));
    expect(Confidence.weakest(chain).value).toBe(0.4);
  });

  it('averages independent opinions', () => {
    const opinions = [0.5, 0.7, 0.9].map((value) => Confidence.of(value));
    expect(Confidence.average(opinions).value).toBeCloseTo(0.7);
  });

  it('refuses to combine nothing', () => {
    expect(() => Confidence.weakest([])).toThrow(invalid);
    expect(() => Confidence.average([])).toThrow(invalid);
  });

  it('serialises as a number', () => {
    expect(JSON.stringify(Confidence.of(0.75))).toBe('0.75');
    expect(Confidence.of(0.75).equals(Confidence.of(0.75))).toBe(true);
  });
});
