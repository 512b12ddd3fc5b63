// How many full-text candidates a search may rank: fewer for a short question (its ranking cost at scale is
// the chunks holding only its commoner words), the larger budget for a long message.
import { describe, expect, it } from 'vitest';
import { CANDIDATE_BUDGET, FUSION, SHORT_CANDIDATE_BUDGET, candidateBudgetFor } from './search.js';

describe('candidateBudgetFor', () => {
  it('gives a short question the short budget and a long message the larger one', () => {
    expect(SHORT_CANDIDATE_BUDGET).toBeLessThan(CANDIDATE_BUDGET);
    expect(candidateBudgetFor('do you ship to canada?', FUSION)).toBe(SHORT_CANDIDATE_BUDGET);
    const message =
      'Hello, I ordered a grinder and a kettle last month for my sister, the kettle arrived with a dented ' +
      'lid and the grinder makes a loud rattling noise when I switch it on. Can you help me return both?';
    expect(candidateBudgetFor(message, FUSION)).toBe(CANDIDATE_BUDGET);
  });
});
