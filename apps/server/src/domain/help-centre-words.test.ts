import { describe, expect, it } from 'vitest';
import { expandQuery, impliedTermsOf, synonymsOf } from './help-centre-words.js';

describe('help-centre synonyms', () => {
  it('adds "sign in" to a question about logging in', () => {
    expect(expandQuery("I can't log in")).toContain('sign in');
  });

  it('leaves a question with no known term as it is', () => {
    expect(expandQuery('What are your opening hours?')).toBe('What are your opening hours?');
  });

  it('does not match a term inside another word', () => {
    expect(expandQuery('My blogin page')).toBe('My blogin page');
  });

  it('gives the synonyms apart from the question, nothing for a question with no known term', () => {
    expect(synonymsOf('Where is my delivery?')).toBe('delivery shipping shipment');
    expect(synonymsOf('What are your opening hours?')).toBe('');
  });

  it('reads a customer word for an exchange the way the help centre files it', () => {
    expect(synonymsOf('can I swap it for a medium')).toContain('exchange');
  });
});

describe('what a question implies', () => {
  it.each([
    [
      "I'm moving to London next month, can I still order from you",
      'international outside the united states change shipping address',
    ],
    ['we moved and the order still has the old address', 'change shipping address'],
    ["it was supposed to be here tuesday and it still isn't", 'late'],
    ['my order came 5 days late', 'late'],
    ['my tent has a small tear near the door. is there any way to fix it', 'small repairs holes patch'],
    ['can I pay with a different card', 'update payment method'],
    ['I was charged twice for the espresso machine!!!', 'charged twice'],
    ['the grinder I bought last week is cheaper now', 'price drop'],
    ['the field jacket is too big', 'exchange size'],
    ['how long do I have to send something back', 'return return window'],
    ['how long does shipping usually take once I order?', 'delivery times'],
    [
      "your site keeps telling me my password is wrong but I KNOW it's right",
      'cant sign in rejecting caps lock',
    ],
    ['the site wont let me log in', 'cant sign in rejecting'],
    ["my camping stove won't light anymore", 'defective fault warranty'],
    ['the string lights keep flickering', 'defective fault warranty'],
    ["I can't remember my password", 'forgot reset password'],
    ['what are the rules for passwords, it keeps rejecting mine', 'password requirements'],
    ['the tent came without the poles', 'missing'],
    ['how do I send back a sofa', 'return large items freight'],
    [
      'can you take one of the string lights off my order? i only need 2',
      'cancel part of an order cancel items',
    ],
    ['please remove the throw from my order', 'cancel part of an order cancel items'],
  ])('"%s" is about %s', (question, terms) => {
    expect(impliedTermsOf(question)).toBe(terms);
  });

  it('implies nothing from words that only look alike or name no need', () => {
    expect(impliedTermsOf('how long does a refund take to reach my card?')).toBe('');
    expect(impliedTermsOf('delivery is taking too long')).toBe('');
    expect(impliedTermsOf('my ukulele arrived')).toBe('');
    expect(impliedTermsOf('What are your opening hours?')).toBe('');
  });

  it('is one way: a question about shipping abroad names no country', () => {
    expect(impliedTermsOf('do you ship internationally?')).toBe('');
  });

  it('comes after the synonyms in what search weighs below the question', () => {
    expect(synonymsOf('the jacket is too big, can I swap it')).toBe('exchange swap trade exchange size');
  });
});
