// Intent models and triage rules in the database, on both adapters: versions per tenant, reloaded exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type TestDatabase } from '../../../testing/databases.js';
import { TriageRulesStore, defaultTriageRules } from '../triage-rules.js';
import { IntentModelStore } from './model-store.js';
import { loadOrTrainIntentModel, parseDeskTrainingCsv, trainAndStore } from './training.js';

const small = parseDeskTrainingCsv(
  [
    'text,label',
    'I forgot my password,password_reset',
    'reset my password please,password_reset',
    'new password needed,password_reset',
    "I can't log in,sign_in_problem",
    'sign in fails,sign_in_problem',
    'unable to login,sign_in_problem',
    'where is my order,order_status',
    'track my parcel,order_status',
    'my package is late,order_status',
  ].join('\n'),
);

for (const target of await databasesUnderTest()) {
  describe.skipIf(target.skipReason !== undefined)(`intent models on ${target.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await target.open();
    });
    afterAll(async () => test?.dispose());

    it('trains the demo examples on first load, then reloads that version without training', async () => {
      const first = await loadOrTrainIntentModel(test.db, 'tenant-a');
      expect(first).toMatchObject({ trainedNow: true, model: { version: 1, source: 'builtin' } });
      const again = await loadOrTrainIntentModel(test.db, 'tenant-a');
      expect(again.trainedNow).toBe(false);
      expect(again.classifier.version).toBe(first.classifier.version);
      expect(again.classifier.classify("I can't sign in").label).toBe('sign_in_problem');
    });

    it('adds a version per training, per tenant, and loads the newest', async () => {
      const trained = await trainAndStore(test.db, 'tenant-a', small, 'small.csv');
      expect(trained.model).toMatchObject({ version: 2, source: 'small.csv', examples: 9 });
      const latest = await new IntentModelStore(test.db).latest('tenant-a');
      expect(latest?.model.version).toBe(2);
      expect(latest?.classifier.labels).toEqual(['order_status', 'password_reset', 'sign_in_problem']);
      const text = 'my parcel has not arrived';
      expect(latest?.classifier.classify(text)).toEqual(trained.classifier.classify(text));
      expect((await new IntentModelStore(test.db).list('tenant-a')).map((m) => m.version)).toEqual([2, 1]);
      expect(await new IntentModelStore(test.db).latest('tenant-b')).toBeUndefined();
    });

    it("keeps each tenant's triage rules, defaults for the rest", async () => {
      const rules = new TriageRulesStore(test.db);
      await rules.set('tenant-a', { vipBoost: 3, urgencyTerms: { deadline: ['wedding'] } });
      expect(await rules.get('tenant-a')).toMatchObject({ vipBoost: 3, outOfScopeBelow: 0.5 });
      expect(await rules.get('tenant-b')).toEqual(defaultTriageRules);
      await expect(rules.set('tenant-a', { outOfScopeBelow: 2 })).rejects.toThrow(/outOfScopeBelow/);
    });
  });
}
