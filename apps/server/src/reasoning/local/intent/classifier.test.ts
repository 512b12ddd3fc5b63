// Specification of IntentClassifier: it learns support intents from a few examples, ranks with calibrated
// probabilities, is unsure about out-of-scope text, and survives a JSON round-trip unchanged.
import { describe, it, expect } from 'vitest';
import { DeskError } from '../../../errors.js';
import { IntentClassifier } from './classifier.js';
import type { IntentClassifierJson } from './classifier.js';
import { supportIntents } from './support-intents.fixture.js';

const classifier = IntentClassifier.train(supportIntents);

const unseen: Array<[string, string]> = [
  ['I forgot the password to my account', 'reset_password'],
  ['please cancel the order I made', 'cancel_order'],
  ['where is my parcel, it has not arrived', 'track_shipment'],
  ['I would like my money back', 'refund_request'],
  ['I was charged twice on my bill', 'billing_question'],
  ['the app crashes every time', 'technical_issue'],
  ['connect me to a human please', 'speak_to_human'],
  ['when are you open', 'opening_hours'],
];

describe('IntentClassifier', () => {
  it('labels unseen paraphrases of the trained intents', () => {
    for (const [text, label] of unseen) expect(classifier.classify(text).label, text).toBe(label);
  });

  it('returns the top five labels by probability, the first being the answer', () => {
    const result = classifier.classify('cancel my order please');
    expect(result.ranking).toHaveLength(5);
    expect(result.ranking[0]).toEqual({ label: result.label, score: result.confidence });
    const scores = result.ranking.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(new Set(result.ranking.map((entry) => entry.label)).size).toBe(5);
  });

  it('is confident on clear requests and unsure about gibberish or empty text', () => {
    expect(classifier.classify('how do I reset my password').confidence).toBeGreaterThan(0.8);
    for (const text of ['qwzx vbnm plork', '', '!!!']) {
      expect(classifier.classify(text).confidence, text).toBeLessThan(0.3);
    }
  });

  it('round-trips through JSON with identical predictions and version', () => {
    const json = JSON.parse(JSON.stringify(classifier.toJSON())) as IntentClassifierJson;
    const restored = IntentClassifier.fromJSON(json);
    expect(restored.version).toBe(classifier.version);
    for (const text of [...unseen.map(([t]) => t), 'qwzx', 'refund for a broken parcel']) {
      expect(restored.classify(text)).toEqual(classifier.classify(text));
    }
  });

  it('loads a version 1 model (before word pairs) as it was trained, keeping its content hash', () => {
    const pairFree = IntentClassifier.train(supportIntents, { features: { wordPairs: false } });
    const { wordPairs: _pairs, pairMinDf: _pairMinDf, ...v1Features } = pairFree.toJSON().features;
    const v1 = {
      ...pairFree.toJSON(),
      format: 'frontdesk.intent-classifier/1',
      features: v1Features,
    } as IntentClassifierJson;
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(v1)) as IntentClassifierJson);
    expect(restored.toJSON()).toEqual(v1);
    expect(classifier.toJSON().format).toBe('frontdesk.intent-classifier/2');
    for (const text of [...unseen.map(([t]) => t), 'refund for a broken parcel']) {
      expect(restored.classify(text)).toEqual(pairFree.classify(text));
    }
  });

  it('versions the model by content: same data, same version; different data, different version', () => {
    expect(IntentClassifier.train(supportIntents).version).toBe(classifier.version);
    expect(IntentClassifier.train(supportIntents.slice(1)).version).not.toBe(classifier.version);
    expect(classifier.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fits its calibration on held-out data unless calibration is switched off', () => {
    const calibration = { temperature: 0.3, rejectScore: -0.4 };
    const fixed = IntentClassifier.train(supportIntents, { calibrationHoldout: 0, calibration });
    expect(fixed.calibration).toEqual(calibration);
    expect(classifier.calibration.temperature).toBeGreaterThan(0);
    expect(classifier.calibration).not.toEqual(calibration);
  });

  it('rejects training data with fewer than two labels and unknown serialised formats', () => {
    expect(() => IntentClassifier.train([{ text: 'hi', label: 'a' }])).toThrow(DeskError);
    expect(() => IntentClassifier.fromJSON({ format: 'nope' } as never)).toThrow(/format/);
  });
});
