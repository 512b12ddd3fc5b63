// Specification of the one-vs-rest SVM: it separates separable data and scores sparse vectors consistently.
import { describe, it, expect } from 'vitest';
import type { SparseRows } from './features.js';
import { defaultSvmOptions, scoreSparse, trainOneVsRest } from './linear-model.js';

// Three classes, each marked by its own feature (0, 1, 2) plus a shared noisy feature 3.
const rows: Array<Array<[number, number]>> = [
  [
    [0, 1],
    [3, 0.5],
  ],
  [[0, 0.8]],
  [
    [1, 1],
    [3, 0.5],
  ],
  [[1, 0.9]],
  [
    [2, 1],
    [3, 0.5],
  ],
  [[2, 0.7]],
];
const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
const toSparse = (data: Array<Array<[number, number]>>): SparseRows => {
  const indptr = new Int32Array(data.length + 1);
  data.forEach((row, i) => (indptr[i + 1] = indptr[i]! + row.length));
  return {
    rows: data.length,
    indptr,
    indices: Int32Array.from(data.flat().map(([column]) => column)),
    values: Float32Array.from(data.flat().map(([, value]) => value)),
  };
};

describe('trainOneVsRest', () => {
  it('fits separable data: every training row scores highest for its own class', () => {
    const model = trainOneVsRest(toSparse(rows), labels, 3, 4, { ...defaultSvmOptions, c: 10 });
    rows.forEach((row, i) => {
      const out = scoreSparse(
        model,
        row.map(([column]) => column),
        row.map(([, value]) => value),
        row.length,
        new Float64Array(3),
      );
      expect(out.indexOf(Math.max(...out))).toBe(labels[i]);
    });
  });

  it('is deterministic for a fixed seed', () => {
    const a = trainOneVsRest(toSparse(rows), labels, 3, 4);
    const b = trainOneVsRest(toSparse(rows), labels, 3, 4);
    expect(a.weights).toEqual(b.weights);
    expect(a.biases).toEqual(b.biases);
  });

  it('scores an empty vector as the biases alone', () => {
    const model = trainOneVsRest(toSparse(rows), labels, 3, 4);
    expect([...scoreSparse(model, [], [], 0, new Float64Array(3))]).toEqual([...model.biases]);
  });
});
