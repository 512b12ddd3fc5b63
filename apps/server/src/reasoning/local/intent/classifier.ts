// IntentClassifier: the local reasoning engine's trainable intent model — TF-IDF n-grams, a one-vs-rest linear
// SVM, and temperature-scaled softmax so callers get calibrated confidences to flag out-of-scope requests.
import { createHash } from 'node:crypto';
import { DeskError } from '../../../errors.js';
import { calibratedProbabilities, fitCalibration, wordSalads } from './calibration.js';
import type { Calibration } from './calibration.js';
import { Vocabulary, defaultFeatureOptions, legacyFeatureOptions } from './features.js';
import type { FeatureOptions, SparseRows } from './features.js';
import { defaultSvmOptions, scoreSparse, trainOneVsRest } from './linear-model.js';
import type { LinearModel, SvmOptions } from './linear-model.js';

export interface IntentExample {
  text: string;
  label: string;
}

export interface TrainOptions {
  features?: Partial<FeatureOptions>;
  svm?: Partial<SvmOptions>;
  /**
   * Share of the training set held out to fit the calibration (a model trained on the rest scores it; the final
   * model then trains on everything). 0 skips fitting and keeps `calibration`.
   */
  calibrationHoldout?: number;
  /** Used when calibration is not fitted or the data set is too small to hold anything out. */
  calibration?: Calibration;
}

export interface IntentPrediction {
  label: string;
  /** Calibrated probability of `label`; low values suggest an out-of-scope request. */
  confidence: number;
  /** Top five labels by probability. */
  ranking: Array<{ label: string; score: number }>;
}

/** Serialised form: plain JSON, numeric arrays as little-endian base64 (weights int8 with per-row scales). */
export interface IntentClassifierJson {
  /** `frontdesk.intent-classifier/N`; older versions still load (see LEGACY_FORMATS). */
  format: string;
  labels: string[];
  features: FeatureOptions;
  words: string[];
  chars: string[];
  idf: string;
  weights: string;
  scales: string;
  biases: number[];
  calibration: Calibration;
}

// Version 2 added word pairs to the features. A version 1 model has none and its JSON lacks the option, so it
// loads with the pair-free options it was trained with and predicts exactly as before.
const FORMAT = 'frontdesk.intent-classifier/2';
const LEGACY_FORMATS = new Set(['frontdesk.intent-classifier/1']);
const RANKING_SIZE = 5;
const CHAR_PREFIX = '\u0001';

const toBase64 = (array: Float32Array | Int8Array): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

function fromBase64<T extends Float32Array | Int8Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  // Copy into a fresh, aligned buffer: Node's pooled buffers may start at an offset typed arrays reject.
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/**
 * Int8 quantisation with one scale per feature row: a quarter of the float32 size, and since the trained model
 * uses the same quantised weights, a persisted model predicts exactly what the freshly trained one did.
 */
function quantize(model: LinearModel): { weights: Int8Array; scales: Float32Array } {
  const { classes, dim } = model;
  const weights = new Int8Array(dim * classes);
  const scales = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    let max = 0;
    for (let k = 0; k < classes; k++) max = Math.max(max, Math.abs(model.weights[j * classes + k]!));
    const scale = max / 127;
    scales[j] = scale;
    if (scale === 0) continue;
    for (let k = 0; k < classes; k++) {
      weights[j * classes + k] = Math.round(model.weights[j * classes + k]! / scale);
    }
  }
  return { weights, scales };
}

/** The model as persisted and as scored: int8 weights (feature-major) with one scale per feature row. */
interface QuantizedModel {
  weights: Int8Array;
  scales: Float32Array;
  biases: Float32Array;
}

/**
 * Decision scores straight from the int8 weights: a request touches one weight row per term, and a row of
 * 77 bytes instead of 77 floats keeps those scattered reads in cache, which is what the tail latency is made of.
 */
function scoreQuantized(
  model: QuantizedModel,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  count: number,
  out: Float64Array,
): Float64Array {
  const { weights, scales, biases } = model;
  const classes = biases.length;
  for (let k = 0; k < classes; k++) out[k] = biases[k]!;
  for (let p = 0; p < count; p++) {
    const column = indices[p]!;
    const base = column * classes;
    const v = values[p]! * scales[column]!;
    for (let k = 0; k < classes; k++) out[k]! += weights[base + k]! * v;
  }
  return out;
}

/** Rows of `x` selected by `rows`, as a new sparse matrix. */
function selectRows(x: SparseRows, rows: number[]): SparseRows {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (indptr[i + 1] = indptr[i]! + x.indptr[row + 1]! - x.indptr[row]!));
  const indices = new Int32Array(indptr[rows.length]!);
  const values = new Float32Array(indices.length);
  rows.forEach((row, i) => {
    const start = x.indptr[row] ?? 0;
    const end = x.indptr[row + 1] ?? 0;
    indices.set(x.indices.subarray(start, end), indptr[i]);
    values.set(x.values.subarray(start, end), indptr[i]);
  });
  return { rows: rows.length, indptr, indices, values };
}

function scoreRow(model: LinearModel, x: SparseRows, row: number, out: Float64Array): Float64Array {
  const start = x.indptr[row]!;
  const end = x.indptr[row + 1]!;
  return scoreSparse(model, x.indices.subarray(start, end), x.values.subarray(start, end), end - start, out);
}

export class IntentClassifier {
  /** Content hash of the serialised model: equal versions predict identically. */
  readonly version: string;
  private readonly scratch: Float64Array;
  private readonly order: Int32Array;
  private json?: IntentClassifierJson;

  private constructor(
    readonly labels: string[],
    private readonly vocabulary: Vocabulary,
    private readonly model: QuantizedModel,
    readonly calibration: Calibration,
    /** The JSON a model was loaded from: kept as is, so a legacy model keeps its content hash. */
    persisted?: IntentClassifierJson,
  ) {
    this.json = persisted;
    this.scratch = new Float64Array(labels.length);
    this.order = new Int32Array(labels.length);
    this.version = createHash('sha256').update(JSON.stringify(this.toJSON())).digest('hex').slice(0, 16);
  }

  static train(examples: ReadonlyArray<IntentExample>, options: TrainOptions = {}): IntentClassifier {
    const labels = [...new Set(examples.map((example) => example.label))].sort();
    if (labels.length < 2) {
      throw new DeskError(
        'TRAINING_DATA_INVALID',
        `Training needs at least two labels; got ${labels.length}`,
      );
    }
    const featureOptions: FeatureOptions = { ...defaultFeatureOptions, ...options.features };
    const svmOptions: SvmOptions = { ...defaultSvmOptions, ...options.svm };
    const labelIds = new Map(labels.map((label, id) => [label, id]));
    const y = Int32Array.from(examples, (example) => labelIds.get(example.label)!);
    const texts = examples.map((example) => example.text);
    // One vocabulary for both fits: the holdout only leaks document frequencies, which do not affect calibration.
    const { vocabulary, x } = Vocabulary.fitTransform(texts, featureOptions);

    let calibration = options.calibration ?? { temperature: 0.2, rejectScore: -0.5 };
    const holdout = options.calibrationHoldout ?? 0.2;
    const alphas: Float64Array[] = [];
    if (holdout > 0) {
      // Every ⌈1/holdout⌉-th example of each class is held out, so small classes are represented on both sides.
      const period = Math.max(2, Math.round(1 / holdout));
      const seen = new Int32Array(labels.length);
      const fitRows: number[] = [];
      const heldRows: number[] = [];
      for (let i = 0; i < examples.length; i++)
        (seen[y[i]!]!++ % period === period - 1 ? heldRows : fitRows).push(i);
      const fitLabels = Int32Array.from(fitRows, (row) => y[row]!);
      if (heldRows.length > 0 && new Set(fitLabels).size === labels.length) {
        const probeAlphas: Float64Array[] = [];
        const fitX = selectRows(x, fitRows);
        const probe = trainOneVsRest(
          fitX,
          fitLabels,
          labels.length,
          vocabulary.size,
          svmOptions,
          probeAlphas,
        );
        // The probe's dual solution (held-out rows at zero) warm-starts the final fit: far fewer passes.
        for (const probeAlpha of probeAlphas) {
          const alpha = new Float64Array(examples.length);
          fitRows.forEach((row, i) => (alpha[row] = probeAlpha[i]!));
          alphas.push(alpha);
        }
        const scores = heldRows.map((row) => scoreRow(probe, x, row, new Float64Array(labels.length)));
        // One synthetic out-of-scope text per four held-out ones teaches the "none of these" logit its level.
        const salads = vocabulary.transform(
          wordSalads(
            heldRows.map((row) => texts[row]!),
            Math.ceil(heldRows.length / 4),
          ),
        );
        for (let i = 0; i < salads.rows; i++)
          scores.push(scoreRow(probe, salads, i, new Float64Array(labels.length)));
        const gold = Int32Array.from({ length: scores.length }, (_, i) =>
          i < heldRows.length ? y[heldRows[i]!]! : -1,
        );
        calibration = fitCalibration(scores, gold);
      }
    }

    const trained = trainOneVsRest(x, y, labels.length, vocabulary.size, svmOptions, alphas);
    const model = { ...quantize(trained), biases: trained.biases };
    return new IntentClassifier(labels, vocabulary, model, calibration);
  }

  static fromJSON(json: IntentClassifierJson): IntentClassifier {
    const legacy = LEGACY_FORMATS.has(json?.format);
    if (json?.format !== FORMAT && !legacy) {
      throw new DeskError('TRAINING_DATA_INVALID', `Unknown intent model format: ${String(json?.format)}`);
    }
    const features: FeatureOptions = { ...defaultFeatureOptions, ...legacyFeatureOptions, ...json.features };
    const idf = fromBase64(json.idf, (buffer) => new Float32Array(buffer));
    const weights = fromBase64(json.weights, (buffer) => new Int8Array(buffer));
    const scales = fromBase64(json.scales, (buffer) => new Float32Array(buffer));
    const terms = [...json.words, ...json.chars.map((gram) => CHAR_PREFIX + gram)];
    if (idf.length !== terms.length || scales.length !== terms.length) {
      throw new DeskError('TRAINING_DATA_INVALID', 'Corrupt intent model: vocabulary and weights disagree');
    }
    const vocabulary = Vocabulary.from(features, terms, idf, json.words.length);
    const biases = Float32Array.from(json.biases);
    const model = { weights, scales, biases };
    return new IntentClassifier(json.labels, vocabulary, model, json.calibration, legacy ? json : undefined);
  }

  toJSON(): IntentClassifierJson {
    const { terms, wordCount, idf, options } = this.vocabulary;
    this.json ??= {
      format: FORMAT,
      labels: this.labels,
      features: options,
      words: terms.slice(0, wordCount),
      chars: terms.slice(wordCount).map((term) => term.slice(CHAR_PREFIX.length)),
      idf: toBase64(idf),
      weights: toBase64(this.model.weights),
      scales: toBase64(this.model.scales),
      biases: Array.from(this.model.biases),
      calibration: this.calibration,
    };
    return this.json;
  }

  /** Raw decision scores per label (one-vs-rest SVM margins), in `labels` order. */
  scores(text: string): Float64Array {
    const vector = { indices: [] as number[], values: [] as number[] };
    const count = this.vocabulary.vectorize(text, vector);
    return scoreQuantized(
      this.model,
      vector.indices,
      vector.values,
      count,
      new Float64Array(this.labels.length),
    );
  }

  classify(text: string): IntentPrediction {
    const vector = { indices: [] as number[], values: [] as number[] };
    const count = this.vocabulary.vectorize(text, vector);
    const probabilities = calibratedProbabilities(
      scoreQuantized(this.model, vector.indices, vector.values, count, this.scratch),
      this.calibration,
    );
    // Partial selection of the top few; a full sort of every label would be wasted work.
    const order = this.order;
    const top = Math.min(RANKING_SIZE, probabilities.length);
    for (let k = 0; k < order.length; k++) order[k] = k;
    for (let r = 0; r < top; r++) {
      let best = r;
      for (let k = r + 1; k < order.length; k++)
        if (probabilities[order[k]!]! > probabilities[order[best]!]!) best = k;
      const swap = order[r]!;
      order[r] = order[best]!;
      order[best] = swap;
    }
    const ranking = Array.from({ length: top }, (_, r) => ({
      label: this.labels[order[r]!]!,
      score: probabilities[order[r]!]!,
    }));
    return { label: ranking[0]!.label, confidence: ranking[0]!.score, ranking };
  }
}
