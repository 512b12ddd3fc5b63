import { describe, expect, it } from 'vitest';
import { moneyRequestOf } from './money-request.js';
import { asksAboutOrders } from './order-lookup.js';

describe('questions about the customer’s own orders', () => {
  it('recognises which-order and did-my-return-arrive questions as customers write them', () => {
    expect(asksAboutOrders('which of my orders had the kitchen scale in it?')).toBe(true);
    expect(asksAboutOrders('did you get the lamp I sent back?')).toBe(true);
    expect(asksAboutOrders('has my return arrived yet, sent it monday')).toBe(true);
    expect(asksAboutOrders('when did i order the hammock')).toBe(true);
    expect(asksAboutOrders('the duvet cover I returned in october, did you get it?')).toBe(true);
    expect(asksAboutOrders('did u guys receive the rug i returned last week? havent heard anything')).toBe(
      true,
    );
  });

  it('leaves requests for a refund or a return to the money path', () => {
    expect(asksAboutOrders('the lamp arrived cracked, refund it')).toBe(false);
    expect(asksAboutOrders("I'd like to send the rug back")).toBe(false);
    expect(moneyRequestOf('damaged_item', 'my socks fell apart after one use')).toBe('refund');
  });
});

describe('a refund that has not arrived', () => {
  it('is a question about the order, never a new refund', () => {
    expect(asksAboutOrders("I sent the duvet cover back ages ago, where's my money?")).toBe(true);
    expect(asksAboutOrders('still havent received my refund for the rug')).toBe(true);
    expect(asksAboutOrders('I never got refunded for the fridge camera I cancelled')).toBe(true);
    expect(asksAboutOrders("didn't get my money back for the jacket i returned")).toBe(true);
  });
});
