import { describe, expect, it } from 'vitest';
import { expandQuery, synonymsOf } from './synonyms.js';

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
});
