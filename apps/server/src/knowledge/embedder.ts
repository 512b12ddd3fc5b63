// The embedder port and its zero-setup adapter: a deterministic embedder that hashes word and character
// n-grams into a fixed number of dimensions, so vector search works offline with nothing downloaded.
import { stopWords, wordsOf } from './text.js';

/** The vector width every embedder produces: the knowledge_vectors column is vector(384). */
export const EMBEDDING_DIMENSIONS = 384;

/**
 * Turns texts into unit-length vectors of `dimensions` numbers, one per text, in order. Deterministic for a
 * given `name`: vectors from different names are never compared (search keys them by name). Throws
 * EMBEDDING_UNAVAILABLE when a remote service cannot answer; callers run it as a retried background task.
 */
export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

// FNV-1a, 32 bits: fast, stable across processes and versions (the vectors are stored).
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface LocalEmbedderOptions {
  dimensions?: number;
  /** Weight of in-word character n-grams (3–5) relative to words; they carry inflection and typos. */
  charWeight?: number;
  /** Weight of adjacent-word pairs relative to single words. */
  bigramWeight?: number;
}

/** Hashed bag of words, word pairs and character n-grams with signed hashing, log term frequency, L2 norm. */
export class LocalEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly charWeight: number;
  private readonly bigramWeight: number;

  constructor(options: LocalEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? EMBEDDING_DIMENSIONS;
    this.charWeight = options.charWeight ?? 0.35;
    this.bigramWeight = options.bigramWeight ?? 0.5;
    // Vectors from different settings are not comparable, so the settings are part of the name.
    const tuned =
      this.charWeight !== 0.35 || this.bigramWeight !== 0.5
        ? `-c${this.charWeight}-b${this.bigramWeight}`
        : '';
    this.name = `local-hash-v1-${this.dimensions}${tuned}`;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    const add = (term: string, weight: number) => counts.set(term, (counts.get(term) ?? 0) + weight);
    const words = wordsOf(text);
    const content = words.filter((word) => !stopWords.has(word));
    for (const word of content) {
      add(`w:${word}`, 1);
      const padded = `<${word}>`;
      for (let n = 3; n <= 5; n++) {
        for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`, this.charWeight);
      }
    }
    for (let i = 0; i + 1 < content.length; i++) add(`b:${content[i]} ${content[i + 1]}`, this.bigramWeight);

    const vector = new Float32Array(this.dimensions);
    for (const [term, count] of counts) {
      const hash = fnv1a(term);
      const sign = hash & 0x80000000 ? -1 : 1;
      // Sub-linear term frequency: a word said ten times is not ten times the topic.
      vector[hash % this.dimensions]! += sign * Math.log1p(count);
    }
    return normalise(vector);
  }
}

export function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** pgvector's text form of a vector: '[0.1,0.2,…]'. */
export const toVectorLiteral = (vector: ArrayLike<number>): string =>
  `[${Array.from(vector, (value) => Number(value.toFixed(6))).join(',')}]`;
