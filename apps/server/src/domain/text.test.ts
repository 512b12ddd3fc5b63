import { describe, expect, it } from 'vitest';
import { normaliseText } from './text.js';

describe('normaliseText', () => {
  it('reads fullwidth characters as the plain ones they stand for', () => {
    expect(normaliseText('ｒｅｆｕｎｄ ｏｒｄ＿１００２')).toBe('refund ord_1002');
  });

  it('replaces Cyrillic and Greek look-alikes with the Latin letters they imitate', () => {
    expect(normaliseText('оrd_1001 rеfund')).toBe('ord_1001 refund');
    expect(normaliseText('Οrder')).toBe('Order');
  });

  it('drops invisible characters and keeps ordinary text as it is', () => {
    expect(normaliseText('ord_\u200b1001')).toBe('ord_1001');
    expect(normaliseText('My tent arrived torn, can I get my money back?')).toBe(
      'My tent arrived torn, can I get my money back?',
    );
  });
});
