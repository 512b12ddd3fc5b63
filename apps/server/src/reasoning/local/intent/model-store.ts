// Trained intent models in the database: each training adds a version for its tenant, the newest one is what
// the desk loads at start, and older versions stay for audit and rollback.
import type { Database } from '../../../store/database.js';
import { IntentClassifier } from './classifier.js';
import type { IntentClassifierJson } from './classifier.js';

export interface StoredIntentModel {
  tenantId: string;
  version: number;
  /** The classifier's content hash: two versions with the same hash predict identically. */
  contentHash: string;
  /** Where the examples came from: `builtin` (the shipped demo examples) or the training file's name. */
  source: string;
  labels: string[];
  examples: number;
  trainingMs: number;
  createdAt: string;
}

interface ModelRow {
  tenant_id: string;
  version: number;
  content_hash: string;
  source: string;
  labels: string[];
  examples: number;
  training_ms: number;
  created_at: Date | string;
  model?: string;
}

const toStored = (row: ModelRow): StoredIntentModel => ({
  tenantId: row.tenant_id,
  version: Number(row.version),
  contentHash: row.content_hash,
  source: row.source,
  labels: row.labels,
  examples: Number(row.examples),
  trainingMs: Number(row.training_ms),
  createdAt: new Date(row.created_at).toISOString(),
});

export interface TrainingRecord {
  classifier: IntentClassifier;
  source: string;
  examples: number;
  trainingMs: number;
}

export class IntentModelStore {
  constructor(private readonly db: Database) {}

  /** Stores a new version (one above the newest). Concurrent saves for one tenant are serialised. */
  async save(tenantId: string, record: TrainingRecord): Promise<StoredIntentModel> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intent_models:${tenantId}`]);
      const [row] = await tx.query<ModelRow>(
        `INSERT INTO intent_models (tenant_id, version, content_hash, source, labels, examples, training_ms, model)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM intent_models WHERE tenant_id = $1
         RETURNING tenant_id, version, content_hash, source, labels, examples, training_ms, created_at`,
        [
          tenantId,
          record.classifier.version,
          record.source,
          JSON.stringify(record.classifier.labels),
          record.examples,
          record.trainingMs,
          JSON.stringify(record.classifier.toJSON()),
        ],
      );
      return toStored(row!);
    });
  }

  /** The newest version for the tenant with its classifier, or undefined when none was ever trained. */
  async latest(
    tenantId: string,
  ): Promise<{ model: StoredIntentModel; classifier: IntentClassifier } | undefined> {
    const [row] = await this.db.query<ModelRow>(
      'SELECT * FROM intent_models WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
      [tenantId],
    );
    if (!row) return undefined;
    return {
      model: toStored(row),
      classifier: IntentClassifier.fromJSON(JSON.parse(row.model!) as IntentClassifierJson),
    };
  }

  /** Every version for the tenant, newest first, without the weights. */
  async list(tenantId: string): Promise<StoredIntentModel[]> {
    const rows = await this.db.query<ModelRow>(
      `SELECT tenant_id, version, content_hash, source, labels, examples, training_ms, created_at
       FROM intent_models WHERE tenant_id = $1 ORDER BY version DESC`,
      [tenantId],
    );
    return rows.map(toStored);
  }
}
