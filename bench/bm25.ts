// The BM25 baseline the retrieval benchmark compares against, computed in the bench (not by the product):
// documents and questions tokenised with the same stemmer and English stop-word list, Okapi BM25 over whole
// documents with the parameters of the published StackFAQ reference (k1 0.9, b 0.4).
import { stopWords, wordsOf } from '../apps/server/src/knowledge/text.js';

export interface Bm25Document {
  id: string;
  text: string;
}

const terms = (text: string) => wordsOf(text).filter((word) => !stopWords.has(word));

export class Bm25Index {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];
  private readonly averageLength: number;

  constructor(
    documents: Bm25Document[],
    private readonly k1 = 0.9,
    private readonly b = 0.4,
  ) {
    documents.forEach((document, doc) => {
      const words = terms(document.text);
      this.ids.push(document.id);
      this.lengths.push(words.length);
      const counts = new Map<string, number>();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [word, tf] of counts)
        this.postings.set(word, [...(this.postings.get(word) ?? []), { doc, tf }]);
    });
    this.averageLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, documents.length);
  }

  /** Document ids, best first, at most `limit`. */
  search(query: string, limit = 10): string[] {
    const n = this.ids.length;
    const scores = new Map<number, number>();
    // A word the question repeats counts once per occurrence, as in Lucene and Pyserini.
    for (const word of terms(query)) {
      const postings = this.postings.get(word);
      if (!postings) continue;
      const idf = Math.log(1 + (n - postings.length + 0.5) / (postings.length + 0.5));
      for (const { doc, tf } of postings) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / this.averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return [...scores.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([doc]) => this.ids[doc]!);
  }
}
