import { describe, expect, it } from 'vitest';
import { stripReply } from './strip.js';

describe('stripping a customer email down to what they wrote now', () => {
  it('cuts the quoted history under "On … wrote:"', () => {
    expect(
      stripReply(
        'Thanks, that worked.\n\nOn Sat, 5 Dec 2026 at 10:00, Support <s@x.test> wrote:\n> Try this',
      ),
    ).toBe('Thanks, that worked.');
  });

  it('cuts an "On … wrote:" line that the mail client wrapped in two', () => {
    expect(
      stripReply(
        'Still broken.\nOn Sat, 5 Dec 2026 at 10:00, Juniper & Pine Support\n<support@x.test> wrote:\n> Hi',
      ),
    ).toBe('Still broken.');
  });

  it('cuts the signature after "-- " and "Sent from my phone"', () => {
    expect(stripReply('Where is my order?\n-- \nAlice Moreno\n+1 503 555 0101')).toBe('Where is my order?');
    expect(stripReply('Where is my order?\n\nSent from my iPhone')).toBe('Where is my order?');
  });

  it('keeps new text written below a quote (bottom-posting) and drops the quote', () => {
    expect(stripReply('> Which order is it?\nThe blue kettle, order 1042.')).toBe(
      'The blue kettle, order 1042.',
    );
  });

  it('cuts forwarded and original-message blocks', () => {
    expect(stripReply('See below\n\n-----Original Message-----\nFrom: a@b.test\nhello')).toBe('See below');
  });

  it('leaves an email with nothing to strip as it is', () => {
    expect(stripReply('Hello,\n\nMy order 1042 arrived damaged.\nCan you help?')).toBe(
      'Hello,\n\nMy order 1042 arrived damaged.\nCan you help?',
    );
  });
});
