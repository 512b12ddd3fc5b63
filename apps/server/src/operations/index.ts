// What an administrator runs beside the conversations: replaying a topic of the event log, reloading the
// demo store, training a new intent model version and the tenant's triage rules. `frontdesk` runs these on
// a runtime of its own, and the API serves them (operations/routes.ts) for a desk that holds its database.
import type { EventEnvelope, EventTopic } from '@frontdesk/contracts';
import { ZodError } from 'zod';
import { resetDemoData, type DemoSummary } from '../demo/load.js';
import { DeskError } from '../errors.js';
import type { LogPosition, ReplayFrom } from '../events/bus.js';
import type { ReplayEvents } from '../events/outbox-replay.js';
import { IntentModelStore, type StoredIntentModel } from '../reasoning/local/intent/model-store.js';
import { parseDeskTrainingCsv, trainAndStore } from '../reasoning/local/intent/training.js';
import { TriageRulesStore, type TriageRules } from '../reasoning/local/triage-rules.js';
import type { Database, Stores } from '../store/index.js';

export type ReplayedEvent = LogPosition & { event: EventEnvelope };

export interface ReplayPage {
  topic: EventTopic;
  events: ReplayedEvent[];
  /** The sequence the next page starts at, when the topic had more than the page holds. */
  nextFrom?: number;
}

export interface TrainingReport {
  model: StoredIntentModel;
  /** How many examples each label had. */
  perLabel: Record<string, number>;
}

export interface DeskOperations {
  replayEvents(
    topic: EventTopic,
    from: ReplayFrom,
    options?: { tenantId?: string | undefined; limit?: number | undefined },
  ): Promise<ReplayPage>;
  resetDemo(): Promise<DemoSummary>;
  /** Trains from a `text,label` CSV (labels are the desk's intents) and stores it as the newest version. */
  train(csv: string, source: string): Promise<TrainingReport>;
  intentModels(): Promise<StoredIntentModel[]>;
  triageRules(): Promise<TriageRules>;
  /** Replaces the rules (fields left out keep their defaults); VALIDATION_FAILED names a bad field. */
  setTriageRules(rules: unknown): Promise<TriageRules>;
}

/** Built from a runtime (its database, stores, tenant and event log). */
export function deskOperations(deps: {
  db: Database;
  stores: Stores;
  config: { tenantId: string };
  replayEvents: ReplayEvents;
}): DeskOperations {
  const { db, stores } = deps;
  const { tenantId } = deps.config;
  return {
    async replayEvents(topic, from, options = {}) {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const events: ReplayedEvent[] = [];
      let nextFrom: number | undefined;
      // The log cannot be stopped part-way, so what is past the page is only looked at for where it starts.
      await deps.replayEvents(
        topic,
        from,
        (event, position) => {
          if (events.length < limit) events.push({ ...position, event });
          else nextFrom ??= position.sequence;
        },
        options.tenantId ? { tenantId: options.tenantId } : {},
      );
      return nextFrom === undefined ? { topic, events } : { topic, events, nextFrom };
    },
    resetDemo: () => resetDemoData(db, stores, tenantId),
    async train(csv, source) {
      const examples = parseDeskTrainingCsv(csv);
      const { model } = await trainAndStore(db, tenantId, examples, source);
      const perLabel: Record<string, number> = {};
      for (const example of examples) perLabel[example.label] = (perLabel[example.label] ?? 0) + 1;
      return { model, perLabel };
    },
    intentModels: () => new IntentModelStore(db).list(tenantId),
    triageRules: () => new TriageRulesStore(db).get(tenantId),
    async setTriageRules(rules) {
      try {
        return await new TriageRulesStore(db).set(tenantId, rules);
      } catch (error) {
        if (!(error instanceof ZodError)) throw error;
        const fields = error.issues.map((issue) => ({
          field: issue.path.join('.') || '(root)',
          message: issue.message,
        }));
        throw new DeskError(
          'VALIDATION_FAILED',
          `Invalid triage rules — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
          { fields },
        );
      }
    },
  };
}
