import { describe, expect, it } from 'vitest';
import { RunSlots } from './run-slots.js';

describe('RunSlots', () => {
  it('runs at most as many works at once as it has slots, the rest in order of arrival', async () => {
    const slots = new RunSlots(1);
    const started: string[] = [];
    let finishFirst!: () => void;
    const first = slots.run('req_1', () => {
      started.push('req_1');
      return new Promise<void>((resolve) => (finishFirst = resolve));
    });
    const second = slots.run('req_2', () => {
      started.push('req_2');
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(started).toEqual(['req_1']);
    // Waiting for a slot counts as held, so recovery leaves the request alone.
    expect(slots.holds('req_2')).toBe(true);
    expect(slots.holds('req_1')).toBe(false);
    finishFirst();
    await Promise.all([first, second]);
    expect(started).toEqual(['req_1', 'req_2']);
    expect(slots.holds('req_2')).toBe(false);
  });

  it('frees the slot when a work fails', async () => {
    const slots = new RunSlots(1);
    await expect(slots.run('req_1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run('req_2', () => Promise.resolve('ran'))).resolves.toBe('ran');
  });
});
