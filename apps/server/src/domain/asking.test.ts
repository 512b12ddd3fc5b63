import { describe, expect, it } from 'vitest';
import { asksForShippingMoney, asksHowThingsWork, citesAPromise } from './asking.js';

describe('whether a message asks how things work', () => {
  it('reads questions and a policy asked anywhere', () => {
    expect(asksHowThingsWork('what is your refund policy')).toBe(true);
    expect(asksHowThingsWork('can final sale items be refunded?')).toBe(true);
    expect(asksHowThingsWork("before I order anything, what's your refund policy?")).toBe(true);
  });

  it('reads "can I" and "could you" as asking for something', () => {
    expect(asksHowThingsWork('can i get a refund for the knife')).toBe(false);
    expect(asksHowThingsWork('could you refund the bottle please')).toBe(false);
    expect(asksHowThingsWork('refund the lamp please')).toBe(false);
  });
});

describe('whether a message asks for delivery costs back', () => {
  it('reads the shipping or delivery refunded, not an item', () => {
    expect(asksForShippingMoney('can you refund the shipping? my order came 5 days late')).toBe(true);
    expect(asksForShippingMoney('I want my delivery fee back, it was two weeks late')).toBe(true);
    expect(asksForShippingMoney('refund the lamp please, it arrived broken')).toBe(false);
    expect(asksForShippingMoney('how long does shipping take')).toBe(false);
  });
});

describe('whether a message cites a promise of ours', () => {
  it('reads what one of our people said or promised, not what anyone else said', () => {
    expect(citesAPromise("the previous agent said you'd refund double the price")).toBe(true);
    expect(citesAPromise('you guys promised me a discount code last week')).toBe(true);
    expect(citesAPromise('the lady on the phone told me it would ship today')).toBe(true);
    expect(citesAPromise('my friend told me you do price matching, is that true?')).toBe(false);
    expect(citesAPromise('the lamp arrived broken')).toBe(false);
  });
});
