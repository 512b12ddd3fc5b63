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

describe('word pairs', () => {
  it('pairs every two non-adjacent words, unordered, when switched on', () => {
    const options = {
      ...defaultFeatureOptions,
      wordNgrams: [1, 1] as [number, number],
      charNgrams: [0, 0] as [number, number],
    };
    expect(terms('why verify me', { ...options, wordPairs: false })).toEqual(['why', 'verify', 'me']);
    expect(terms('why verify me', options)).toEqual(['why', 'verify', 'me', 'me\u0002why']);
    expect(terms('me verify why', options)).toContain('me\u0002why');
  });

  it('pairs only the first pairTokens words', () => {
    const options = {
      ...defaultFeatureOptions,
      wordNgrams: [1, 1] as [number, number],
      charNgrams: [0, 0] as [number, number],
      pairTokens: 3,
    };
    expect(terms('aa bb cc dd', options)).toEqual(['aa', 'bb', 'cc', 'dd', 'aa\u0002cc']);
  });

  it('drops pairs seen in fewer than pairMinDf training texts', () => {
    const texts = ['why do I verify my identity', 'why must I verify', 'card lost abroad today'];
    const vocabulary = Vocabulary.fit(texts, { ...defaultFeatureOptions, pairMinDf: 2 });
    expect(vocabulary.terms).toContain('verify\u0002why');
    expect(vocabulary.terms).not.toContain('card\u0002today');
    expect(vocabulary.terms).toContain('today');
  });
});

describe('Vocabulary', () => {
  it('fits and vectorises in one pass exactly as fit then transform (whose pair lookup is its own code)', () => {
    const corpus = [
      'why must I verify my identity',
      'why must I verify',
      'my card was lost abroad today, my card!',
      'lost my card abroad today',
      'verify why',
    ];
    for (const options of [defaultFeatureOptions, { ...defaultFeatureOptions, pairTokens: 4 }]) {
      const { vocabulary, x } = Vocabulary.fitTransform(corpus, options);
      expect(vocabulary.terms.some((term) => term.includes('\u0002'))).toBe(true);
      const separate = Vocabulary.fit(corpus, options);
      expect(vocabulary.terms).toEqual(separate.terms);
      // Twice: the second pass reads the char n-gram columns cached by the first.
      for (let pass = 0; pass < 2; pass++) {
        const y = separate.transform(corpus);
        expect([...x.indptr]).toEqual([...y.indptr]);
        expect([...x.indices]).toEqual([...y.indices]);
        expect([...x.values]).toEqual([...y.values]);
      }
    }
  });

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
