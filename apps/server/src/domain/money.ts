// Money as integer minor units plus an ISO 4217 code, so amounts never pick up floating-point drift and two
// currencies are never silently added together.
import { DeskError } from '../errors.js';

export interface MoneyJson {
  readonly amountMinor: number;
  readonly currency: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

// Only these render with a symbol: in en-US most other symbols are ambiguous ("$" vs "CA$", "¥" for JPY and
// CNY), and a customer must never misread which currency a refund is in.
const SYMBOL_CURRENCIES: ReadonlySet<string> = new Set(['USD', 'EUR']);

const assertCurrency = (currency: string): void => {
  if (!CURRENCY_CODE.test(currency)) {
    throw new DeskError('INVALID_AMOUNT', 'A currency is a three-letter upper-case ISO 4217 code', {
      currency,
    });
  }
};

// Building an Intl formatter takes tens of microseconds, and one reply formats every amount of the customer's
// orders: each is built once (a few currencies, a few digit counts).
const formats = new Map<string, Intl.NumberFormat>();

function formatFor(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', options);
    formats.set(key, format);
  }
  return format;
}

/** The en-US currency format of an ISO 4217 code ("$749.00"); a RangeError for a code Intl does not know. */
export const currencyFormat = (currency: string): Intl.NumberFormat =>
  formatFor(currency, { style: 'currency', currency });

const decimalFormat = (digits: number): Intl.NumberFormat =>
  formatFor(`${digits} digits`, { minimumFractionDigits: digits, maximumFractionDigits: digits });

// Intl knows how many minor units each currency has (2 for USD, 0 for JPY, 3 for KWD).
const minorDigits = (currency: string): number =>
  currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;

export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: string,
  ) {
    Object.freeze(this);
  }

  /** An amount in minor units (cents for USD). Throws INVALID_AMOUNT unless it is a safe, non-negative integer. */
  static of(amountMinor: number, currency: string): Money {
    assertCurrency(currency);
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
      throw new DeskError('INVALID_AMOUNT', 'An amount is a whole, non-negative number of minor units', {
        amountMinor: String(amountMinor),
        currency,
      });
    }
    return new Money(amountMinor === 0 ? 0 : amountMinor, currency); // no -0
  }

  /**
   * An amount in major units (dollars for USD). Throws INVALID_AMOUNT for more precision than the currency
   * has (12.345 USD), rather than rounding someone's money away.
   */
  static fromMajor(amount: number, currency: string): Money {
    assertCurrency(currency);
    const digits = minorDigits(currency);
    if (!Number.isFinite(amount) || amount < 0 || Number(amount.toFixed(digits)) !== amount) {
      throw new DeskError('INVALID_AMOUNT', `An amount in ${currency} has at most ${digits} decimal places`, {
        amount: String(amount),
        currency,
      });
    }
    return Money.of(Math.round(amount * 10 ** digits), currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  static fromJSON(json: MoneyJson): Money {
    return Money.of(json.amountMinor, json.currency);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other, 'add');
    return Money.of(this.amountMinor + other.amountMinor, this.currency);
  }

  /** Throws INVALID_AMOUNT when the result would be negative: money here is never below zero. */
  subtract(other: Money): Money {
    this.assertSameCurrency(other, 'subtract');
    return Money.of(this.amountMinor - other.amountMinor, this.currency);
  }

  isGreaterThan(other: Money): boolean {
    this.assertSameCurrency(other, 'compare');
    return this.amountMinor > other.amountMinor;
  }

  isLessThan(other: Money): boolean {
    this.assertSameCurrency(other, 'compare');
    return this.amountMinor < other.amountMinor;
  }

  /** Amounts in different currencies are simply not equal; asking is not an error. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amountMinor === other.amountMinor;
  }

  isZero(): boolean {
    return this.amountMinor === 0;
  }

  toMajor(): number {
    return this.amountMinor / 10 ** minorDigits(this.currency);
  }

  /** "$749.00", "€10.00"; any other currency as "10.00 GBP". */
  format(): string {
    if (SYMBOL_CURRENCIES.has(this.currency)) return currencyFormat(this.currency).format(this.toMajor());
    const number = decimalFormat(minorDigits(this.currency)).format(this.toMajor());
    return `${number} ${this.currency}`;
  }

  toJSON(): MoneyJson {
    return { amountMinor: this.amountMinor, currency: this.currency };
  }

  toString(): string {
    return this.format();
  }

  private assertSameCurrency(other: Money, operation: string): void {
    if (other.currency !== this.currency) {
      throw new DeskError('CURRENCY_MISMATCH', `Cannot ${operation} ${this.currency} and ${other.currency}`, {
        operation,
        currencies: [this.currency, other.currency],
      });
    }
  }
}
