// An offline embedder with semantic knowledge: pretrained GloVe word vectors (word-vectors.ts) averaged with
// smooth inverse-frequency weights, beside the local embedder's hashed n-grams, which carry what word
// vectors lack (product names, order numbers, inflections, typos). Both halves are unit length, weighted,
// and the whole re-normalised.
import { EMBEDDING_DIMENSIONS, LocalEmbedder, normalise, type Embedder } from './embedder.js';
import { stem, stopWords } from './text.js';
import type { WordVectors } from './word-vectors.js';

export interface GloveEmbedderOptions {
  /** Vector width: the word vectors' dimensions, the rest hashed n-grams. */
  dimensions?: number;
  /** Weight of the word-vector half against the hashed half (each unit length before weighting). */
  semanticWeight?: number;
  /** Smooth inverse frequency's a: a word of estimated frequency p weighs a / (a + p). */
  sif?: number;
}

/** Lower-cased words as GloVe spells them (no stemming: the vectors know "refunds" and "refund"). */
const plainWords = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];

export class GloveEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly hashed: LocalEmbedder;
  private readonly semanticWeight: number;
  private readonly sif: number;
  /** Zipf's law: the word of rank r has frequency about 1 / (r × H), H the vocabulary's harmonic number. */
  private readonly harmonic: number;
  /** What every weighted average shares (SIF's common component), removed so texts differ by topic. */
  private readonly common: Float32Array;

  constructor(
    private readonly vectors: WordVectors,
    options: GloveEmbedderOptions = {},
  ) {
    this.dimensions = options.dimensions ?? EMBEDDING_DIMENSIONS;
    this.semanticWeight = options.semanticWeight ?? 1;
    this.sif = options.sif ?? 1e-4;
    this.hashed = new LocalEmbedder({ dimensions: this.dimensions - vectors.dimensions });
    this.harmonic = Math.log(vectors.size) + 0.5772;
    this.common = this.commonDirection();
    // Vectors from different settings are not comparable, so the settings are part of the name.
    this.name = `glove-sg100-v2-${this.dimensions}-s${this.semanticWeight}-a${this.sif}`;
  }

  private weightOf(rank: number): number {
    const frequency = 1 / ((rank + 1) * this.harmonic);
    return this.sif / (this.sif + frequency);
  }

  /**
   * The expected weighted vector of running English: each word's vector × its frequency × its weight.
   * Arora et al. take it from a corpus's first principal component; the vectors' own frequency order
   * gives it with no corpus, the same for every tenant.
   */
  private commonDirection(): Float32Array {
    const sum = new Float32Array(this.vectors.dimensions);
    for (let rank = 0; rank < this.vectors.size; rank++) {
      const frequency = 1 / ((rank + 1) * this.harmonic);
      this.vectors.addInto(sum, 0, rank, frequency * this.weightOf(rank));
    }
    return normalise(sum);
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  embedOne(text: string): Float32Array {
    const semantic = new Float32Array(this.vectors.dimensions);
    for (const word of plainWords(text)) {
      if (stopWords.has(stem(word))) continue;
      const rank = this.vectors.rankOf(word);
      if (rank === undefined) continue;
      this.vectors.addInto(semantic, 0, rank, this.weightOf(rank));
    }
    let shared = 0;
    for (let d = 0; d < semantic.length; d++) shared += semantic[d]! * this.common[d]!;
    for (let d = 0; d < semantic.length; d++) semantic[d]! -= shared * this.common[d]!;
    normalise(semantic);
    const out = new Float32Array(this.dimensions);
    const hashed = this.hashed.embedOne(text);
    for (let d = 0; d < hashed.length; d++) out[d] = hashed[d]!;
    for (let d = 0; d < semantic.length; d++) out[hashed.length + d] = this.semanticWeight * semantic[d]!;
    return normalise(out);
  }
}
