// The word-vector embedder on a small vocabulary written in wink's JSON shape: converted once into the
// compact binary, read back from it, and embedding texts by meaning as well as by their words.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cosine } from './embedder.js';
import { GloveEmbedder } from './glove-embedder.js';
import { loadWordVectors } from './word-vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-glove-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Four topics on four axes; the frequent words ("the", "please") sit on a shared fifth axis.
const vocabulary: Array<[string, number[]]> = [
  ['the', [0, 0, 0, 0, 1, 0]],
  ['please', [0.1, 0.1, 0, 0, 0.9, 0]],
  ['money', [1, 0, 0, 0, 0.2, 0.1]],
  ['refund', [0.95, 0.1, 0, 0, 0.1, 0]],
  ['back', [0.6, 0, 0.2, 0, 0.3, 0]],
  ['password', [0, 1, 0, 0, 0.1, 0]],
  ['login', [0, 0.9, 0.1, 0, 0.1, 0.1]],
  ['parcel', [0, 0, 1, 0, 0.1, 0]],
  ['courier', [0, 0.1, 0.95, 0, 0.1, 0]],
  ['café', [0, 0, 0, 1, 0, 0]],
];

function winkJson(): string {
  const words = vocabulary.map(([word]) => word);
  const vectors = Object.fromEntries(
    vocabulary.map(([word, vector], index) => [word, [...vector, Math.hypot(...vector), index]]),
  );
  return JSON.stringify({
    precision: 8,
    l2NormIndex: 6,
    wordIndex: 7,
    size: words.length,
    dimensions: 6,
    words,
    vectors,
    unkVector: [0, 0, 0, 0, 0, 0, 0, -1],
  });
}

describe('word vectors', () => {
  const source = join(dir, 'vectors.json');
  writeFileSync(source, winkJson());

  it('converts the packaged JSON once into a compact binary and reads it back the same', async () => {
    const cache = join(dir, 'cache', 'glove.bin');
    const converted = await loadWordVectors(cache, source);
    expect(converted.words).toEqual(vocabulary.map(([word]) => word));
    // A byte per dimension and a scale per word, beside the words themselves.
    expect(statSync(cache).size).toBeLessThan(20 + 120 + vocabulary.length * (6 + 4));
    rmSync(source);
    const read = await loadWordVectors(cache, source);
    expect(read.words).toEqual(converted.words);
    const a = new Float32Array(6);
    const b = new Float32Array(6);
    converted.addInto(a, 0, converted.rankOf('courier')!, 1);
    read.addInto(b, 0, read.rankOf('courier')!, 1);
    expect([...b]).toEqual([...a]);
    // Eight bits keep each value within half a step of the largest.
    expect(a[2]).toBeCloseTo(0.95, 2);
    expect(read.rankOf('café')).toBe(9);
    expect(read.rankOf('unkVector')).toBeUndefined();
    writeFileSync(source, winkJson());
  });

  it('converts again when the binary is damaged', async () => {
    const cache = join(dir, 'damaged.bin');
    writeFileSync(cache, 'not vectors');
    expect((await loadWordVectors(cache, source)).size).toBe(vocabulary.length);
  });

  it('embeds by meaning: "money back" is near "refund" though they share no word', async () => {
    const vectors = await loadWordVectors(join(dir, 'cache', 'glove.bin'), source);
    const embedder = new GloveEmbedder(vectors, { dimensions: 64 });
    expect(embedder.dimensions).toBe(64);
    const [moneyBack, refund, password] = await embedder.embed([
      'I want my money back please',
      'refund',
      'password login',
    ]);
    expect(moneyBack).toHaveLength(64);
    expect(cosine(moneyBack!, refund!)).toBeGreaterThan(0.3);
    expect(cosine(moneyBack!, refund!)).toBeGreaterThan(cosine(moneyBack!, password!) + 0.2);
    // Unit length, as the store's cosine distance expects.
    expect(cosine(refund!, refund!)).toBeCloseTo(1, 5);
    expect(Math.hypot(...refund!)).toBeCloseTo(1, 5);
  });
});
