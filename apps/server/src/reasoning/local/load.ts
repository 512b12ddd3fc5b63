// Builds the tenant's local engine from what the database holds: its newest intent model (trained from the
// shipped examples on first start) and its triage rules.
import type { Database } from '../../store/database.js';
import { LocalReasoningEngine } from './engine.js';
import { loadOrTrainIntentModel } from './intent/training.js';
import type { StoredIntentModel } from './intent/model-store.js';
import { TriageRulesStore, type TriageRules } from './triage-rules.js';

export async function loadLocalEngine(
  db: Database,
  tenantId: string,
): Promise<{
  engine: LocalReasoningEngine;
  rules: TriageRules;
  model: StoredIntentModel;
  trainedNow: boolean;
}> {
  const [{ classifier, model, trainedNow }, rules] = await Promise.all([
    loadOrTrainIntentModel(db, tenantId),
    new TriageRulesStore(db).get(tenantId),
  ]);
  return { engine: new LocalReasoningEngine({ classifier, rules }), rules, model, trainedNow };
}
