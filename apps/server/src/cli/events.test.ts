import { describe, expect, it } from 'vitest';
import { parseSince } from './events.js';

describe('events replay --since', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');

  it('reads a span back from now', () => {
    expect(parseSince('15m', now).toISOString()).toBe('2026-12-05T11:45:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2026-12-03T12:00:00.000Z');
  });

  it('reads an ISO time', () => {
    expect(parseSince('2026-12-01T08:30:00Z', now).toISOString()).toBe('2026-12-01T08:30:00.000Z');
  });

  it('refuses anything else with a validation error that names the option', () => {
    expect(() => parseSince('yesterday-ish', now)).toThrow(/--since must be/);
  });
});
