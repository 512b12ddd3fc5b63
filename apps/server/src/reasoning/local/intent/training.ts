// Training the desk's intent model: validates the examples against the port's intents, trains, stores a new
// version for the tenant, and reports how long it took. Used at first start and by `frontdesk train`.
import type { Database } from '../../../store/database.js';
import { intents } from '../../port.js';
import { IntentClassifier } from './classifier.js';
import { demoTrainingExamples } from './demo-examples.js';
import { IntentModelStore, type StoredIntentModel } from './model-store.js';
import { parseTrainingCsv, type TrainingExample } from './training-data.js';

/** Parses a training CSV for the desk: `text,label` with labels drawn from the port's intents. */
export const parseDeskTrainingCsv = (csv: string): TrainingExample[] =>
  parseTrainingCsv(csv, { allowedLabels: intents });

export async function trainAndStore(
  db: Database,
  tenantId: string,
  examples: TrainingExample[],
  source: string,
): Promise<{ model: StoredIntentModel; classifier: IntentClassifier }> {
  const started = performance.now();
  const classifier = IntentClassifier.train(examples);
  const trainingMs = Math.round(performance.now() - started);
  const model = await new IntentModelStore(db).save(tenantId, {
    classifier,
    source,
    examples: examples.length,
    trainingMs,
  });
  return { model, classifier };
}

/**
 * The tenant's newest model; a tenant that never trained one gets a model trained on the demo store's shipped
 * examples, stored as version 1 so every later start (and every other process) reloads the same one.
 */
export async function loadOrTrainIntentModel(
  db: Database,
  tenantId: string,
): Promise<{ model: StoredIntentModel; classifier: IntentClassifier; trainedNow: boolean }> {
  const store = new IntentModelStore(db);
  const existing = await store.latest(tenantId);
  if (existing) return { ...existing, trainedNow: false };
  const trained = await trainAndStore(db, tenantId, demoTrainingExamples(), 'builtin');
  return { ...trained, trainedNow: true };
}
