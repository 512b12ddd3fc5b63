// The snippet an approval shows of each cited article: plain text, one line, cut at a word.
import { describe, expect, it } from 'vitest';
import { snippetOf } from './approval-sources.js';

describe('snippetOf', () => {
  it('drops markdown marks, runs headings into their text and folds whitespace', () => {
    expect(
      snippetOf(
        '## The refund window\n\nRefunds within **30 days** of `delivery`;\n- see [returns](/returns)\n',
      ),
    ).toBe('The refund window — Refunds within 30 days of delivery; see returns');
  });

  it('cuts a long article at a word and marks the cut', () => {
    const body = `${'word '.repeat(100)}end`;
    const snippet = snippetOf(body);
    expect(snippet.length).toBeLessThanOrEqual(281);
    expect(snippet.endsWith('word…')).toBe(true);
    expect(snippetOf('short and whole')).toBe('short and whole');
  });
});
