// Triage benchmark: trains the local intent classifier on banking77's train.csv and measures it on test.csv
// (accuracy, macro-F1, calibration, latency, size) against a plain TF-IDF nearest-centroid baseline.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntentClassifier } from '../apps/server/src/reasoning/local/intent/classifier.js';
import { Vocabulary } from '../apps/server/src/reasoning/local/intent/features.js';
import { demoTrainingExamples } from '../apps/server/src/reasoning/local/intent/demo-examples.js';
import { parseTrainingCsv } from '../apps/server/src/reasoning/local/intent/training-data.js';
import type { TrainingExample } from '../apps/server/src/reasoning/local/intent/training-data.js';

const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/banking77');

export const loadBanking77 = (split: 'train' | 'test'): TrainingExample[] =>
  parseTrainingCsv(readFileSync(resolve(dataDir, `${split}.csv`), 'utf8'), { labelColumn: 'category' });

function macroF1(gold: string[], predicted: string[]): number {
  const labels = [...new Set(gold)];
  let sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === label && g === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / labels.length;
}

/** Expected calibration error over 15 equal-width confidence bins. */
function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 15): number {
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const hits = new Float64Array(bins);
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]!++;
    confSum[b]! += c;
    if (correct[i]) hits[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) ece += Math.abs(hits[b]! - confSum[b]!) / confidences.length;
  }
  return ece;
}

/** Baseline: word-unigram TF-IDF, cosine to each class centroid. */
function nearestCentroidAccuracy(train: TrainingExample[], test: TrainingExample[]): number {
  const options = {
    wordNgrams: [1, 1] as [number, number],
    charNgrams: [0, 0] as [number, number],
    charWeight: 0,
    wordPairs: false,
    pairMinDf: 1,
    pairTokens: 0,
  };
  const vocabulary = Vocabulary.fit(
    train.map((e) => e.text),
    { ...options, minDf: 1 },
  );
  const x = vocabulary.transform(train.map((e) => e.text));
  const labels = [...new Set(train.map((e) => e.label))];
  const centroids = labels.map(() => new Float64Array(vocabulary.size));
  train.forEach((e, i) => {
    const centroid = centroids[labels.indexOf(e.label)]!;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) centroid[x.indices[p]!]! += x.values[p]!;
  });
  for (const centroid of centroids) {
    const norm = Math.sqrt(centroid.reduce((sum, v) => sum + v * v, 0)) || 1;
    for (let j = 0; j < centroid.length; j++) centroid[j]! /= norm;
  }
  let correct = 0;
  for (const e of test) {
    const v = { indices: [] as number[], values: [] as number[] };
    const count = vocabulary.vectorize(e.text, v);
    let best = 0;
    let bestScore = -Infinity;
    centroids.forEach((centroid, k) => {
      let s = 0;
      for (let p = 0; p < count; p++) s += centroid[v.indices[p]!]! * v.values[p]!;
      if (s > bestScore) [best, bestScore] = [k, s];
    });
    if (labels[best] === e.label) correct++;
  }
  return correct / test.length;
}

/**
 * 5-fold cross-validation on the demo store's own support examples (what the desk trains on): accuracy, and
 * how many predictions clear the default out-of-scope threshold (0.5) and how accurate those are.
 */
function demoCrossValidation(folds = 5): { accuracy: number; coverage: number; confidentAccuracy: number } {
  const examples = demoTrainingExamples();
  let correct = 0;
  let confident = 0;
  let confidentCorrect = 0;
  for (let fold = 0; fold < folds; fold++) {
    const classifier = IntentClassifier.train(examples.filter((_, i) => i % folds !== fold));
    for (const e of examples.filter((_, i) => i % folds === fold)) {
      const prediction = classifier.classify(e.text);
      const right = prediction.label === e.label;
      if (right) correct++;
      if (prediction.confidence >= 0.5) {
        confident++;
        if (right) confidentCorrect++;
      }
    }
  }
  return {
    accuracy: correct / examples.length,
    coverage: confident / examples.length,
    confidentAccuracy: confidentCorrect / Math.max(1, confident),
  };
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function triageBench(): Promise<Record<string, number>> {
  const train = loadBanking77('train');
  const test = loadBanking77('test');

  const started = performance.now();
  const classifier = IntentClassifier.train(train);
  const trainMs = performance.now() - started;

  for (const e of test.slice(0, 200)) classifier.classify(e.text); // warm up the JIT before timing
  const latencies: number[] = [];
  const predicted: string[] = [];
  const confidences: number[] = [];
  for (const e of test) {
    const t = performance.now();
    const result = classifier.classify(e.text);
    latencies.push(performance.now() - t);
    predicted.push(result.label);
    confidences.push(result.confidence);
  }
  latencies.sort((a, b) => a - b);
  const gold = test.map((e) => e.label);
  const correct = predicted.map((p, i) => p === gold[i]);
  const accuracy = correct.filter(Boolean).length / test.length;
  const baselineAccuracy = nearestCentroidAccuracy(train, test);
  await Promise.resolve();
  const result: Record<string, number> = {
    accuracy,
    macroF1: macroF1(gold, predicted),
    trainMs,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    modelBytes: Buffer.byteLength(JSON.stringify(classifier.toJSON())),
    ece: expectedCalibrationError(confidences, correct),
    temperature: classifier.calibration.temperature,
    rejectScore: classifier.calibration.rejectScore,
    baselineAccuracy,
    accuracyRatio: accuracy / baselineAccuracy,
  };
  const demo = demoCrossValidation();
  Object.assign(result, {
    demoCvAccuracy: demo.accuracy,
    demoCvCoverage: demo.coverage,
    demoCvConfidentAccuracy: demo.confidentAccuracy,
  });
  printTable(result);
  return result;
}

function printTable(result: Record<string, number>): void {
  const rows: Array<[string, string]> = [
    ['accuracy (test.csv)', `${(result.accuracy! * 100).toFixed(2)} %`],
    ['macro-F1', `${(result.macroF1! * 100).toFixed(2)} %`],
    ['training time', `${(result.trainMs! / 1000).toFixed(2)} s`],
    ['classify p50 / p99', `${result.p50Ms!.toFixed(3)} / ${result.p99Ms!.toFixed(3)} ms`],
    ['model size (JSON)', `${(result.modelBytes! / 1e6).toFixed(2)} MB`],
    ['ECE (15 bins)', `${(result.ece! * 100).toFixed(2)} %`],
    ['baseline (unigram TF-IDF centroid)', `${(result.baselineAccuracy! * 100).toFixed(2)} %`],
    ['accuracy / baseline', result.accuracyRatio!.toFixed(3)],
    ['demo support examples, 5-fold CV', `${(result.demoCvAccuracy! * 100).toFixed(2)} %`],
    [
      '  of which confident (>= 0.5)',
      `${(result.demoCvCoverage! * 100).toFixed(1)} %, ${(result.demoCvConfidentAccuracy! * 100).toFixed(2)} % right`,
    ],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(36)} ${value}`);
}
