// Snippets: whole sentences around the question's words when they fit, whole words when they do not, marks
// on the matched words.
import { describe, expect, it } from 'vitest';
import { snippetOf } from './snippet.js';

const marked = (snippet: { text: string; marks: Array<[number, number]> }) =>
  snippet.marks.map(([start, end]) => snippet.text.slice(start, end));

describe('snippetOf', () => {
  it('shows the sentence with the question words, whole, and marks them', () => {
    const text =
      'Our shop opens at nine. Damaged items can be refunded within 30 days of delivery. ' +
      'Gift cards never expire. '.repeat(20);
    const snippet = snippetOf(text, 'My parcel arrived damaged, can I get a refund?', 120);
    expect(snippet.text.startsWith('…Damaged items can be refunded within 30 days of delivery.')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(122);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(marked(snippet)).toEqual(['Damaged', 'refunded']);
  });

  it('never ends or starts mid-word, whatever the text and length', () => {
    const words = 'refund espresso machine warranty counterbalancing extraordinarily a of the'.split(' ');
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        { length: 20 + Math.floor(next() * 200) },
        () => words[Math.floor(next() * words.length)],
      )
        .join(next() < 0.5 ? ' ' : ', ')
        .concat(next() < 0.5 ? '.' : '');
      const max = 20 + Math.floor(next() * 300);
      const snippet = snippetOf(text, 'espresso warranty', max).text.replace(/^…|…$/g, '');
      expect(snippet.length).toBeLessThanOrEqual(max);
      const at = text.replace(/\s+/g, ' ').indexOf(snippet);
      expect(at).toBeGreaterThanOrEqual(0);
      const flat = text.replace(/\s+/g, ' ');
      expect(/\w/.test(flat[at - 1] ?? ' ') && /\w/.test(snippet[0]!)).toBe(false);
      expect(/\w/.test(flat[at + snippet.length] ?? ' ') && /\w/.test(snippet.at(-1)!)).toBe(false);
    }
  });

  it('starts at the beginning when nothing matches, and is empty for an empty passage', () => {
    expect(snippetOf('First sentence here. Second one.', 'zebra', 25)).toEqual({
      text: 'First sentence here.…',
      marks: [],
    });
    expect(snippetOf('   ', 'refund')).toEqual({ text: '', marks: [] });
  });
});
