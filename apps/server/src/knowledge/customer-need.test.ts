// The search question made of a customer's message: greeting and signature gone, in the customer's words only;
// the triaged intent's words travel apart, as hints.
import { describe, expect, it } from 'vitest';
import { customerNeed, intentHints, withoutPleasantries } from './customer-need.js';

describe('customerNeed', () => {
  it('drops the greeting, the thanks and everything signed below them', () => {
    const message = `Hi there,

My espresso machine arrived with a cracked water tank.
Can I get my money back?

Thanks a lot in advance,
Tom Baker | Operations Lead | Harbour Supplies Ltd | +44 20 7946 0000
Sent from my phone`;
    expect(withoutPleasantries(message)).toBe(
      'My espresso machine arrived with a cracked water tank.\nCan I get my money back?',
    );
  });

  it('takes a few words after a greeting for whom it greets, never the start of the message', () => {
    expect(withoutPleasantries("hey i cant log in to my account, it just won't let me in")).toBe(
      "hey i cant log in to my account, it just won't let me in",
    );
    expect(withoutPleasantries('Hey so my package never came, help')).toBe(
      'Hey so my package never came, help',
    );
    expect(withoutPleasantries('Dear Juniper & Pine support, my kettle broke')).toBe('my kettle broke');
    expect(withoutPleasantries('Good morning team! where is my parcel')).toBe('where is my parcel');
    expect(withoutPleasantries("Hi, I can't log in")).toBe("I can't log in");
    expect(withoutPleasantries('Hi\nThe kettle broke.')).toBe('Hi\nThe kettle broke.');
  });

  it('keeps a message that is all need, and one that would otherwise be empty', () => {
    expect(withoutPleasantries('Where is my order ORD-1042?')).toBe('Where is my order ORD-1042?');
    expect(withoutPleasantries('Hello!')).toBe('Hello!');
    expect(withoutPleasantries('Best way to clean the burrs?')).toBe('Best way to clean the burrs?');
  });

  it('keeps the words the help centre files the triaged intent under apart from the need', () => {
    expect(customerNeed('Dear team, the kettle is broken.\n\nBest regards,\nAnn')).toBe(
      'the kettle is broken.',
    );
    expect(intentHints('damaged_item')).toEqual(['damaged', 'item']);
    expect(intentHints('shipping_info')).toEqual(['shipping', 'delivery']);
    expect(intentHints('other')).toEqual([]);
    expect(intentHints(undefined)).toEqual([]);
  });
});
