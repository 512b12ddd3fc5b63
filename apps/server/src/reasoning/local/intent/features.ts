// Text → sparse TF-IDF vectors for the intent classifier: tokenisation, word and in-word character n-grams,
// a vocabulary with document frequencies, and per-block L2 normalisation.

export interface FeatureOptions {
  /** Word n-gram orders, inclusive (1–2 captures "top up" vs "top" alone). */
  wordNgrams: [number, number];
  /** Character n-gram orders within space-padded words (sklearn's char_wb); robust to typos and inflection. */
  charNgrams: [number, number];
  /** Relative weight of the character block; each block is L2-normalised on its own first. */
  charWeight: number;
  /** Terms seen in fewer training documents are dropped (keeps the model small; singletons rarely generalise). */
  minDf: number;
}

export const defaultFeatureOptions: FeatureOptions = {
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  charWeight: 1,
  minDf: 1,
};

/** Compressed sparse rows; values are float32 because that is all the model's precision needs. */
export interface SparseRows {
  rows: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

// Character-block terms carry a prefix no token can contain, so "a b" (a bigram) never collides with a char gram.
const CHAR = '\u0001';

/** Lower-cases, folds accents and apostrophes ("don't" → "dont"), and splits into alphanumeric tokens. */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`´]/g, '');
  return folded.match(/[a-z0-9]+/g) ?? [];
}

/** Calls `emit` once per occurrence of each term (word n-grams, then char n-grams) of `text`. */
export function forEachTerm(
  text: string,
  options: FeatureOptions,
  emit: (term: string, block: 0 | 1) => void,
): void {
  const tokens = tokenize(text);
  const [wMin, wMax] = options.wordNgrams;
  for (let n = wMin; n <= wMax; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      emit(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '), 0);
    }
  }
  const [cMin, cMax] = options.charNgrams;
  if (cMax <= 0) return;
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = cMin; n <= cMax; n++) {
      if (padded.length <= n) {
        // A short word counts once as a whole, as in scikit-learn.
        emit(CHAR + padded, 1);
        break;
      }
      for (let i = 0; i + n <= padded.length; i++) emit(CHAR + padded.slice(i, i + n), 1);
    }
  }
}

/** Vocabulary fitted on training texts: term → column, inverse document frequency, and block per column. */
export class Vocabulary {
  private constructor(
    readonly options: FeatureOptions,
    readonly terms: string[],
    readonly idf: Float32Array,
    /** Columns [0, wordCount) are word terms; the rest are char terms. */
    readonly wordCount: number,
    private readonly index: Map<string, number>,
  ) {}

  get size(): number {
    return this.terms.length;
  }

  static fit(texts: readonly string[], options: FeatureOptions = defaultFeatureOptions): Vocabulary {
    const df = new Map<string, number>();
    const blockOf = new Map<string, 0 | 1>();
    for (const text of texts) {
      const seen = new Set<string>();
      forEachTerm(text, options, (term, block) => {
        if (seen.has(term)) return;
        seen.add(term);
        df.set(term, (df.get(term) ?? 0) + 1);
        blockOf.set(term, block);
      });
    }
    // Sorted for a deterministic column order (and so a deterministic model hash).
    const kept = [...df.keys()].filter((term) => df.get(term)! >= options.minDf).sort();
    const words = kept.filter((term) => blockOf.get(term) === 0);
    const chars = kept.filter((term) => blockOf.get(term) === 1);
    const terms = [...words, ...chars];
    const n = texts.length;
    // Smoothed idf, as scikit-learn: ln((1 + n) / (1 + df)) + 1.
    const idf = Float32Array.from(terms, (term) => Math.log((1 + n) / (1 + df.get(term)!)) + 1);
    return Vocabulary.from(options, terms, idf, words.length);
  }

  static from(options: FeatureOptions, terms: string[], idf: Float32Array, wordCount: number): Vocabulary {
    const index = new Map<string, number>();
    terms.forEach((term, column) => index.set(term, column));
    return new Vocabulary(options, terms, idf, wordCount, index);
  }

  /**
   * Appends the TF-IDF vector of `text` to `out` (sorted columns). Sublinear tf (1 + ln tf), then each block is
   * scaled to unit L2 norm, the char block to `charWeight`. Returns the number of non-zeros appended.
   */
  vectorize(text: string, out: { indices: number[]; values: number[] }): number {
    const columns: number[] = [];
    forEachTerm(text, this.options, (term) => {
      const column = this.index.get(term);
      if (column !== undefined) columns.push(column);
    });
    if (columns.length === 0) return 0;
    columns.sort((a, b) => a - b);
    const start = out.indices.length;
    let wordNorm = 0;
    let charNorm = 0;
    for (let i = 0; i < columns.length;) {
      const column = columns[i]!;
      let j = i + 1;
      while (j < columns.length && columns[j] === column) j++;
      const value = (1 + Math.log(j - i)) * this.idf[column]!;
      if (column < this.wordCount) wordNorm += value * value;
      else charNorm += value * value;
      out.indices.push(column);
      out.values.push(value);
      i = j;
    }
    const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? this.options.charWeight / Math.sqrt(charNorm) : 0;
    for (let k = start; k < out.indices.length; k++) {
      out.values[k]! *= out.indices[k]! < this.wordCount ? wordScale : charScale;
    }
    return out.indices.length - start;
  }

  /** Vectorises many texts into compressed sparse rows. */
  transform(texts: readonly string[]): SparseRows {
    const out = { indices: [] as number[], values: [] as number[] };
    const indptr = new Int32Array(texts.length + 1);
    texts.forEach((text, row) => {
      this.vectorize(text, out);
      indptr[row + 1] = out.indices.length;
    });
    return {
      rows: texts.length,
      indptr,
      indices: Int32Array.from(out.indices),
      values: Float32Array.from(out.values),
    };
  }
}
