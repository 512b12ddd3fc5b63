import { describe, it, expect } from 'vitest';
import { currencyFormat, Money } from './money.js';

const deskError = (code: string, details?: Record<string, unknown>): unknown =>
  expect.objectContaining(
    details === undefined ? { code } : { code, details: expect.objectContaining(details) },
  );

describe('money', () => {
  describe('creating an amount', () => {
    it('keeps minor units and the currency', () => {
      const money = Money.of(74900, 'USD');
      expect(money.amountMinor).toBe(74900);
      expect(money.currency).toBe('USD');
    });

    it('converts major units to minor units', () => {
      expect(Money.fromMajor(12.5, 'USD').amountMinor).toBe(1250);
      expect(Money.fromMajor(0.29, 'USD').amountMinor).toBe(29);
      expect(Money.fromMajor(1234567.89, 'EUR').amountMinor).toBe(123456789);
    });

    it('knows currencies without minor units', () => {
      expect(Money.fromMajor(500, 'JPY').amountMinor).toBe(500);
    });

    it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
      'rejects %s minor units',
      (amount) => {
        expect(() => Money.of(amount, 'USD')).toThrow(deskError('INVALID_AMOUNT'));
      },
    );

    it('rejects negative, non-finite and over-precise major amounts rather than rounding them', () => {
      for (const amount of [-0.01, Number.NaN, Number.NEGATIVE_INFINITY, 12.345, 0.1 + 0.2]) {
        expect(() => Money.fromMajor(amount, 'USD')).toThrow(deskError('INVALID_AMOUNT'));
      }
      expect(() => Money.fromMajor(1.5, 'JPY')).toThrow(deskError('INVALID_AMOUNT'));
    });

    it.each(['usd', 'US', 'USDX', '', '12$'])('rejects the currency code %j', (currency) => {
      expect(() => Money.of(100, currency)).toThrow(deskError('INVALID_AMOUNT', { currency }));
    });

    it('treats minus zero as zero', () => {
      expect(Object.is(Money.of(-0, 'USD').amountMinor, 0)).toBe(true);
    });

    it('is immutable', () => {
      expect(Object.isFrozen(Money.of(1, 'USD'))).toBe(true);
    });
  });

  describe('arithmetic', () => {
    it('adds and subtracts in one currency', () => {
      const total = Money.of(1000, 'USD').add(Money.of(250, 'USD'));
      expect(total.equals(Money.of(1250, 'USD'))).toBe(true);
      expect(total.subtract(Money.of(1250, 'USD')).isZero()).toBe(true);
    });

    it('refuses to combine different currencies', () => {
      const dollars = Money.of(1000, 'USD');
      const euros = Money.of(1000, 'EUR');
      expect(() => dollars.add(euros)).toThrow(
        deskError('CURRENCY_MISMATCH', { currencies: ['USD', 'EUR'] }),
      );
      expect(() => dollars.subtract(euros)).toThrow(deskError('CURRENCY_MISMATCH'));
      expect(() => dollars.isGreaterThan(euros)).toThrow(deskError('CURRENCY_MISMATCH'));
      expect(() => dollars.isLessThan(euros)).toThrow(deskError('CURRENCY_MISMATCH'));
    });

    it('never goes below zero', () => {
      expect(() => Money.of(100, 'USD').subtract(Money.of(101, 'USD'))).toThrow(deskError('INVALID_AMOUNT'));
    });
  });

  describe('comparison', () => {
    it('compares amounts in one currency', () => {
      const limit = Money.fromMajor(500, 'USD');
      expect(Money.of(50001, 'USD').isGreaterThan(limit)).toBe(true);
      expect(Money.of(50000, 'USD').isGreaterThan(limit)).toBe(false);
      expect(Money.of(49999, 'USD').isLessThan(limit)).toBe(true);
    });

    it('says amounts in different currencies are not equal instead of failing', () => {
      expect(Money.of(100, 'USD').equals(Money.of(100, 'EUR'))).toBe(false);
      expect(Money.of(100, 'USD').equals(Money.of(100, 'USD'))).toBe(true);
    });
  });

  describe('presentation', () => {
    it('converts back to major units', () => {
      expect(Money.of(1250, 'USD').toMajor()).toBe(12.5);
      expect(Money.of(500, 'JPY').toMajor()).toBe(500);
    });

    it('formats dollars and euros with their symbol', () => {
      expect(Money.of(74900, 'USD').format()).toBe('$749.00');
      expect(Money.of(1000, 'EUR').format()).toBe('€10.00');
      expect(Money.of(123456789, 'USD').format()).toBe('$1,234,567.89');
    });

    it('formats other currencies with their code, so none is mistaken for another', () => {
      expect(Money.of(1000, 'GBP').format()).toBe('10.00 GBP');
      expect(Money.of(1500, 'JPY').format()).toBe('1,500 JPY');
      expect(Money.of(1000, 'CAD').toString()).toBe('10.00 CAD');
    });

    it('serialises to minor units and a currency, and back', () => {
      const money = Money.of(74900, 'USD');
      expect(money.toJSON()).toEqual({ amountMinor: 74900, currency: 'USD' });
      expect(JSON.stringify({ money })).toBe('{"money":{"amountMinor":74900,"currency":"USD"}}');
      expect(Money.fromJSON(money.toJSON()).equals(money)).toBe(true);
    });
  });
});

describe('currencyFormat', () => {
  it('builds each currency format once and formats with its own minor units', () => {
    expect(currencyFormat('USD')).toBe(currencyFormat('USD'));
    expect(currencyFormat('USD').format(749)).toBe('$749.00');
    expect(currencyFormat('JPY').format(1200)).toBe('¥1,200');
    expect(() => currencyFormat('XX')).toThrow(RangeError);
  });
});
