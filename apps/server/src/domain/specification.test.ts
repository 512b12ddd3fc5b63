import { describe, it, expect } from 'vitest';
import { Specification } from './specification.js';

const even = new Specification<number>('the number is even', (n) => n % 2 === 0);
const positive = new Specification<number>('the number is positive', (n) => n > 0);
const large = new Specification<number>('the number is large', (n) => n > 100);

describe('specification', () => {
  it('tests a candidate', () => {
    expect(even.isSatisfiedBy(4)).toBe(true);
    expect(even.isSatisfiedBy(3)).toBe(false);
  });

  it('combines rules with and', () => {
    const rule = even.and(positive);
    expect(rule.isSatisfiedBy(4)).toBe(true);
    expect(rule.isSatisfiedBy(-4)).toBe(false);
    expect(rule.isSatisfiedBy(3)).toBe(false);
    expect(rule.reason).toBe('the number is even and the number is positive');
  });

  it('combines rules with or', () => {
    const rule = even.or(positive);
    expect(rule.isSatisfiedBy(-4)).toBe(true);
    expect(rule.isSatisfiedBy(3)).toBe(true);
    expect(rule.isSatisfiedBy(-3)).toBe(false);
    expect(rule.reason).toBe('the number is even or the number is positive');
  });

  it('negates a rule, in its own words when given', () => {
    expect(even.not().isSatisfiedBy(3)).toBe(true);
    expect(even.not().reason).toBe('not (the number is even)');
    expect(even.not('the number is odd').reason).toBe('the number is odd');
  });

  it('puts parentheses around nested combinations so the reason reads unambiguously', () => {
    const rule = even.and(positive).or(large);
    expect(rule.reason).toBe('(the number is even and the number is positive) or the number is large');
    expect(rule.isSatisfiedBy(101)).toBe(true);
    expect(rule.isSatisfiedBy(-2)).toBe(false);
  });
});
