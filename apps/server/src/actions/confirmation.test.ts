import { describe, expect, it } from 'vitest';
import { findAddress } from './address.js';
import { readAnswer } from './confirmation.js';

const order = { orderId: 'ord_1028' };
const kindOf = (text: string, context = order) => readAnswer(text, context).kind;

describe('reading the answer to a stated change', () => {
  it.each([
    'yes',
    'Yes, please cancel it',
    'yes please',
    'Yeah go ahead',
    'OK',
    'sure thing',
    'Please cancel it.',
    'cancel ord_1028',
    'Confirmed',
    'I confirm',
    "That's right",
    'Absolutely, thanks!',
    'no problem, go ahead',
    'Oh yes — and how long does the refund take?',
    '\u201cYes\u201d',
  ])('reads "%s" as a yes', (text) => {
    expect(kindOf(text)).toBe('confirm');
  });

  it.each([
    'no',
    'No thanks',
    'Nope, keep it',
    "don't cancel it",
    'Please don\u2019t cancel the order',
    "I've changed my mind, I'll keep it",
    'never mind',
    'hold off for now',
    'Actually, leave the order as it is',
    'forget it',
  ])('reads "%s" as a no', (text) => {
    expect(kindOf(text)).toBe('decline');
  });

  it.each([
    "no, i don't want a refund, i want a new lamp",
    "no, i don't want my money back, can you send a new one instead",
    'no thanks, a replacement would be better',
  ])('reads "%s" as a no to this change and a request for another', (text) => {
    expect(readAnswer(text, order)).toMatchObject({
      kind: 'unrelated',
      why: expect.stringContaining('asks for something else instead'),
    });
  });

  it('asks again when the answer says yes and no at once, or names another order', () => {
    expect(readAnswer("yes, actually don't cancel it", order)).toMatchObject({
      kind: 'unclear',
      why: expect.stringContaining('both'),
    });
    expect(readAnswer('yes cancel ord_1027', order)).toMatchObject({
      kind: 'unclear',
      why: 'names another order (ord_1027)',
    });
  });

  it('treats a new question, or a polite word that agrees to nothing, as no answer at all', () => {
    expect(kindOf('How long does a refund take?')).toBe('unrelated');
    expect(kindOf('Where is my other order?')).toBe('unrelated');
    expect(kindOf('please tell me when it arrives')).toBe('unrelated');
    expect(kindOf('no problem')).toBe('unrelated');
    expect(kindOf("why can't you cancel it?")).toBe('unrelated');
  });

  it('reads a new delivery address only when the desk asked for one', () => {
    const text = 'the new address is 12 High St, Leeds LS1 4AB';
    expect(readAnswer(text, { ...order, wantsAddress: true })).toMatchObject({
      kind: 'address',
      address: { line1: '12 High St', city: 'Leeds', postcode: 'LS1 4AB', country: 'GB' },
    });
    expect(kindOf(text)).toBe('unrelated');
    expect(readAnswer('no, keep the address', { ...order, wantsAddress: true }).kind).toBe('decline');
    expect(readAnswer('yes', { ...order, wantsAddress: true }).kind).toBe('confirm');
    expect(readAnswer('12 High Street', { ...order, wantsAddress: true })).toMatchObject({
      kind: 'unclear',
      why: 'gives an address without its town or postcode',
    });
  });
});

describe('finding a postal address in a message', () => {
  it('reads US and UK addresses, with or without a lead-in', () => {
    expect(findAddress('Please send it to 500 Congress Ave Apt 4, Austin, TX 78701 instead')).toEqual({
      line1: '500 Congress Ave Apt 4',
      city: 'Austin',
      region: 'TX',
      postcode: '78701',
      country: 'US',
    });
    expect(findAddress('New address:\n19 Upland Rd\nCambridge MA 02140')).toEqual({
      line1: '19 Upland Rd',
      city: 'Cambridge',
      region: 'MA',
      postcode: '02140',
      country: 'US',
    });
    expect(findAddress('Flat 2, 12 high st, Leeds ls14ab')).toEqual({
      line1: 'Flat 2, 12 high st',
      city: 'Leeds',
      region: 'Leeds',
      postcode: 'LS1 4AB',
      country: 'GB',
    });
  });

  it('finds nothing without a house number, a town and a postcode', () => {
    expect(findAddress('send it to my office please')).toBeUndefined();
    expect(findAddress('High Street, Leeds LS1 4AB')).toBeUndefined();
    expect(findAddress('12 High St LS1 4AB')).toBeUndefined();
    expect(findAddress('12 High St, Austin')).toBeUndefined();
    expect(findAddress('my order ord_1028 is 78701')).toBeUndefined();
  });
});
