// Turns one-vs-rest SVM margins into probabilities: a temperature-scaled softmax with an extra "none of these"
// logit, both fitted by likelihood on held-out examples plus synthetic out-of-scope text.
import { mulberry32 } from './linear-model.js';

export interface Calibration {
  /** Softmax temperature over decision scores. */
  temperature: number;
  /** Score of the implicit "none of these" class: labels scoring well below it get little probability. */
  rejectScore: number;
}

/**
 * Writes label probabilities into `scores` in place. The mass left over (1 − Σ) belongs to "none of these", so
 * text that no one-vs-rest classifier claims gets a low confidence for every label.
 */
export function calibratedProbabilities(scores: Float64Array, calibration: Calibration): Float64Array {
  const { temperature, rejectScore } = calibration;
  let max = rejectScore;
  for (const s of scores) max = Math.max(max, s);
  let sum = Math.exp((rejectScore - max) / temperature);
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k]! - max) / temperature);
    sum += scores[k]!;
  }
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
  return scores;
}

/** Mean negative log-likelihood; `gold` −1 marks an out-of-scope row whose target is "none of these". */
function meanNll(scores: Float64Array[], gold: Int32Array, temperature: number, rejectScore: number): number {
  let total = 0;
  scores.forEach((row, i) => {
    let max = rejectScore;
    for (const s of row) max = Math.max(max, s);
    let sum = Math.exp((rejectScore - max) / temperature);
    for (const s of row) sum += Math.exp((s - max) / temperature);
    const target = gold[i]! < 0 ? rejectScore : row[gold[i]!]!;
    total += Math.log(sum) - (target - max) / temperature;
  });
  return total / scores.length;
}

function goldenSection(f: (x: number) => number, lo: number, hi: number, steps = 22): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < steps; step++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

/** Fits temperature and reject score by coordinate descent on held-out likelihood (both are 1-D and convex-ish). */
export function fitCalibration(scores: Float64Array[], gold: Int32Array): Calibration {
  let logT = Math.log(0.2);
  let rejectScore = 0;
  for (let round = 0; round < 2; round++) {
    logT = goldenSection(
      (x) => meanNll(scores, gold, Math.exp(x), rejectScore),
      Math.log(0.005),
      Math.log(5),
    );
    rejectScore = goldenSection((b) => meanNll(scores, gold, Math.exp(logT), b), -3, 1);
  }
  return { temperature: Math.exp(logT), rejectScore };
}

/**
 * Synthetic out-of-scope text: word salads drawn from the given texts' words, with their lengths. They use the
 * domain's vocabulary without any one intent's structure — a stand-in for the off-topic requests we never see.
 */
export function wordSalads(texts: readonly string[], count: number, seed = 7): string[] {
  const random = mulberry32(seed);
  const pool = texts.flatMap((text) => text.split(/\s+/).filter(Boolean));
  if (pool.length === 0) return [];
  return Array.from({ length: count }, () => {
    const length = texts[Math.floor(random() * texts.length)]!.split(/\s+/).length;
    return Array.from({ length }, () => pool[Math.floor(random() * pool.length)]!).join(' ');
  });
}
