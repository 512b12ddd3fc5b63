import { describe, it, expect } from 'vitest';
import { Priority } from './priority.js';

describe('priority', () => {
  it.each([1, 5, 10])('accepts %i', (value) => {
    expect(Priority.of(value).value).toBe(value);
  });

  it.each([0, 11, -3, 4.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (value) => {
    expect(() => Priority.of(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is urgent above 8 only', () => {
    expect(Priority.of(8).isUrgent()).toBe(false);
    expect(Priority.of(9).isUrgent()).toBe(true);
    expect(Priority.of(10).isUrgent()).toBe(true);
  });

  it.each([
    [1, 'low'],
    [3, 'low'],
    [4, 'normal'],
    [6, 'normal'],
    [7, 'high'],
    [8, 'high'],
    [9, 'urgent'],
    [10, 'urgent'],
  ] as const)('labels %i as %s', (value, label) => {
    expect(Priority.of(value).label).toBe(label);
  });

  it('compares by value and serialises as a number', () => {
    expect(Priority.of(4).equals(Priority.of(4))).toBe(true);
    expect(Priority.of(4).equals(Priority.of(5))).toBe(false);
    expect(JSON.stringify({ priority: Priority.of(7) })).toBe('{"priority":7}');
  });
});
