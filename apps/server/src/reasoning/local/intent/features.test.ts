// Specification of tokenisation and TF-IDF vectors: folding rules, n-gram shapes, and per-block unit norms.
import { describe, it, expect } from 'vitest';
import { Vocabulary, forEachTerm, tokenize, defaultFeatureOptions } from './features.js';

const terms = (text: string, options = defaultFeatureOptions): string[] => {
  const out: string[] = [];
  forEachTerm(text, options, (term) => out.push(term.replace('\u0001', 'c:')));
  return out;
};

describe('tokenize', () => {
  it('lower-cases, folds accents and apostrophes, and splits on anything non-alphanumeric', () => {
    expect(tokenize("Don't CHARGE my café card—twice!! 2x")).toEqual([
      'dont',
      'charge',
      'my',
      'cafe',
      'card',
      'twice',
      '2x',
    ]);
    expect(tokenize('?!')).toEqual([]);
  });
});

describe('forEachTerm', () => {
  it('emits word unigrams and bigrams, then char n-grams of space-padded words', () => {
    const options = { ...defaultFeatureOptions, charNgrams: [2, 3] as [number, number] };
    expect(terms('top up', options)).toEqual([
      'top',
      'up',
      'top up',
      'c: t',
      'c:to',
      'c:op',
      'c:p ',
      'c: to',
      'c:top',
      'c:op ',
      'c: u',
      'c:up',
      'c:p ',
      'c: up',
      'c:up ',
    ]);
  });
});

describe('Vocabulary', () => {
  const texts = ['reset my password', 'cancel my order', 'where is my order'];

  it('gives rarer terms a higher idf', () => {
    const vocabulary = Vocabulary.fit(texts);
    const idfOf = (term: string): number => vocabulary.idf[vocabulary.terms.indexOf(term)]!;
    expect(idfOf('password')).toBeGreaterThan(idfOf('order'));
    expect(idfOf('order')).toBeGreaterThan(idfOf('my'));
  });

  it('scales the word block to unit norm and the char block to charWeight', () => {
    const vocabulary = Vocabulary.fit(texts, { ...defaultFeatureOptions, charWeight: 0.5 });
    const out = { indices: [] as number[], values: [] as number[] };
    vocabulary.vectorize('cancel my password order', out);
    let word = 0;
    let char = 0;
    out.indices.forEach((column, i) => {
      if (column < vocabulary.wordCount) word += out.values[i]! ** 2;
      else char += out.values[i]! ** 2;
    });
    expect(Math.sqrt(word)).toBeCloseTo(1, 5);
    expect(Math.sqrt(char)).toBeCloseTo(0.5, 5);
    expect([...out.indices]).toEqual([...out.indices].sort((a, b) => a - b));
  });

  it('yields an empty vector for text with no known terms', () => {
    const vocabulary = Vocabulary.fit(texts);
    expect(vocabulary.vectorize('zzqx', { indices: [], values: [] })).toBe(0);
  });
});
