// The snippet an approval shows of each cited article: plain text, one line, cut at a word.
import { describe, expect, it } from 'vitest';
import { snippetOf } from './approval-sources.js';

describe('snippetOf', () => {
  it('drops markdown heading marks and folds whitespace into single spaces', () => {
    expect(snippetOf('# Refunds\n\nWe refund   damaged items\nin full.')).toBe(
      'Refunds We refund damaged items in full.',
    );
  });

  it('cuts a long article at a word and marks the cut', () => {
    const body = `${'word '.repeat(100)}end`;
    const snippet = snippetOf(body);
    expect(snippet.length).toBeLessThanOrEqual(281);
    expect(snippet.endsWith('word…')).toBe(true);
    expect(snippetOf('short and whole')).toBe('short and whole');
  });
});
