import { describe, expect, it } from 'vitest';
import { draftReply } from './drafting.js';
import { sectionsOf } from './sections.js';

const shipping = {
  id: 'international-shipping',
  title: 'Do you ship outside the United States?',
  body: [
    'At the moment, we deliver only to addresses in the United States.',
    '',
    '## Can I use a forwarding service?',
    '',
    'You may enter the US address of a forwarding company. Please understand that:',
    '',
    '- our responsibility ends at the forwarding address;',
    '- returns must still be sent back from a US address.',
    '',
    '## Will this change?',
    '',
    'We plan to add Canada first.',
  ].join('\n'),
  score: 1,
};

describe('extracted answers', () => {
  it('reads an article as its sections, lists whole', () => {
    const sections = sectionsOf(shipping.body);
    expect(sections.map((s) => s.heading)).toEqual([
      '',
      'Can I use a forwarding service?',
      'Will this change?',
    ]);
    expect(sections[1]!.blocks[1]).toBe(
      '- our responsibility ends at the forwarding address;\n- returns must still be sent back from a US address.',
    );
  });

  it('quotes the whole matching section and keeps the condition the article opens with', () => {
    const draft = draftReply({
      text: 'can I use a forwarding service to get it to London',
      intent: 'shipping_info',
      customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' },
      articles: [shipping],
      orders: [],
      pastConversations: [],
      revision: 1,
    });
    expect(draft.reply).toContain('we deliver only to addresses in the United States');
    expect(draft.reply).toContain('- returns must still be sent back from a US address.');
    expect(draft.reply).not.toContain('Canada');
    expect(draft.citations).toEqual(['international-shipping']);
  });

  it('says plainly when nothing the store sells fits a product question', () => {
    const draft = draftReply({
      text: 'looking for a good laptop under $1000',
      intent: 'product_question',
      customer: { id: 'cus_01', name: 'Ana Lima', tier: 'standard' },
      articles: [],
      orders: [],
      pastConversations: [],
      products: [],
      revision: 1,
    });
    expect(draft.reply).toMatch(/not something we sell/);
    expect(draft.confidence).toBeGreaterThanOrEqual(0.6);
  });
});
