import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../demo/articles.js';
import type { SourceArticle } from '../port.js';
import { draftReply } from './drafting.js';
import { contentWords } from './text.js';

const draftFrom = (text: string, articles: SourceArticle[]) =>
  draftReply({
    text,
    intent: 'other',
    customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' },
    articles,
    orders: [],
    pastConversations: [],
    revision: 1,
  });

const refundInput = {
  intent: 'refund_request' as const,
  customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' as const },
  orders: [],
  pastConversations: [],
  revision: 1,
};

/** A demo help-centre article as research hands it to drafting. */
const helpArticle = async (id: string): Promise<SourceArticle> => {
  const file = join(import.meta.dirname, '../../demo/data/articles', `${id}.md`);
  const { title, body } = parseArticle(`${id}.md`, await readFile(file, 'utf8'));
  return article(id, title, [body]);
};

const article = (id: string, title: string, body: string[]): SourceArticle => ({
  id,
  title,
  body: body.join('\n'),
  score: 1,
});

describe('choosing the article to answer from', () => {
  // Says "reset", "links" and "as long as" in passing, each in a different place.
  const changeEmail = article('update-account-email', 'Change the email address on your account', [
    'Your email address is where we send order confirmations and password reset links.',
    '',
    '## Change your email address',
    '',
    '1. Go to Account > Sign-in & security.',
    '2. Open the verification email we send. The link is valid for 24 hours.',
    '',
    '## If you no longer have access to your old email',
    '',
    'You do not need the old address to make the change as long as you can still sign in.',
    '',
    '## Orders in progress',
    '',
    'Changing your email does not affect orders already placed.',
  ]);
  const resetPassword = article('reset-your-password', 'Reset your password', [
    'Forgotten your password? You can choose a new one in a couple of minutes.',
    '',
    '## Reset it from the sign-in page',
    '',
    '1. Select Forgot password? and then Send reset link.',
    '2. The link inside the email is valid for 60 minutes and works only once.',
    '',
    'If the link has expired or you have already used it, start again from step 1.',
  ]);

  it('leaves the first article for one whose passage is about what was asked', () => {
    const draft = draftFrom('The reset link you sent me has expired. How long do those links last?', [
      changeEmail,
      resetPassword,
    ]);
    expect(draft.citations).toEqual(['reset-your-password']);
    expect(draft.reply).toContain('valid for 60 minutes');
  });

  it('keeps a first article titled with the ask over a passage that shares more words', () => {
    const chargedTwice = article('duplicate-charge', 'I was charged twice', [
      'Two charges for one order are almost always a temporary hold.',
      '',
      '## Pending holds versus charges',
      '',
      'If one of the two transactions is marked pending, wait 3–5 business days.',
    ]);
    const confirmation = article('order-confirmation', "I didn't get an order confirmation email", [
      'We email a confirmation within minutes of your order.',
      '',
      '## Worried you ordered twice?',
      '',
      'Check Account > Orders: the same order is listed once, however many emails you got.',
    ]);
    const draft = draftFrom('I was charged twice for the same order!!', [chargedTwice, confirmation]);
    expect(draft.citations).toEqual(['duplicate-charge']);
  });

  it('reads "send something back" as a return, not as the words a gift-card passage shares', async () => {
    // The help centre's own articles, in the order search found them for this question.
    const found = await Promise.all(
      ['start-a-return', 'gift-cards', 'refund-policy', 'return-large-items'].map(helpArticle),
    );
    const draft = draftFrom('how long do I have to send something back', found);
    expect(draft.citations).toEqual(['start-a-return']);
  });
});

describe('choosing the section to quote', () => {
  it('answers a question about refunds in general from its section, and a request with the policy lines', async () => {
    const found = await Promise.all(['refund-policy', 'refund-status'].map(helpArticle));
    const asked = (text: string) => draftReply({ ...refundInput, text, articles: found });
    const policy = asked('what is your refund policy');
    expect(policy.reply).toContain('You can request a refund within 30 days of delivery');
    expect(policy.citations).toEqual(['refund-policy']);
    // "Can I…" asks for something: the policy's lines on when the money arrives, as for any request.
    const request = asked('can i get a refund for my kettle');
    expect(request.reply).toContain('As our refund policy says: Once we approve a refund');
    expect(request.reply).not.toContain('You can request a refund within 30 days');
  });

  it('quotes the rules for "it keeps rejecting mine", not the advice that keeps an account safe', async () => {
    const draft = draftFrom('what are the rules for passwords on your site, it keeps rejecting mine', [
      await helpArticle('create-a-strong-password'),
    ]);
    expect(draft.reply).toContain('At least 12 characters');
    expect(draft.reply).not.toContain('password manager');
  });

  it("reads the customer's trying as effort, not as what the answer is about", () => {
    expect([...contentWords('I tried and kept trying: every time I try to pay it fails')]).toEqual([
      'every',
      'time',
      'pay',
      'fail',
    ]);
    const declined = article('payment-declined', 'My payment was declined', [
      'If checkout says your payment could not be completed, no money has been taken.',
      '',
      '## Check the details',
      '',
      '1. Card number, expiry date and security code. A single wrong digit causes a decline.',
      '',
      '## Reasons your bank may decline',
      '',
      '- Fraud protection. You may get a text from your bank asking you to confirm it. Approve it, then try again.',
      '- Card restrictions. Some debit and prepaid cards cannot be used online.',
      '',
      '## Try another way to pay',
      '',
      'You can use a different card, PayPal or a gift card.',
      '',
      '## Repeated declines',
      '',
      'After several declined attempts, card payments pause for 1 hour. Wait, then try again.',
    ]);
    const draft = draftFrom('my card keeps getting declined when I try to pay', [declined]);
    expect(draft.reply).toContain('Fraud protection');
    expect(draft.reply).not.toContain('PayPal');
  });
});

describe('splitting a text into content words', () => {
  it('splits a text read again from its first reading, and a new text afresh', () => {
    const body = 'Shipping to Canada takes 5 to 7 business days.';
    const first = contentWords(body);
    // The same words from another string object (as each database read returns), without splitting again.
    expect(contentWords(`${body.slice(0, 10)}${body.slice(10)}`)).toBe(first);
    expect([...first]).toEqual(['ship', 'canada', 'take', 'business', 'day']);
    expect([...contentWords('Shipping to Mexico takes 5 to 7 business days.')]).toContain('mexico');
  });
});
