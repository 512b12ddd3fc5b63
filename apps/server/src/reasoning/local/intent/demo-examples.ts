// The labelled support utterances the demo store ships with: the intent model a new tenant starts from.
import { readFileSync } from 'node:fs';
import { parseTrainingCsv, type TrainingExample } from './training-data.js';

const demoExamplesFile = new URL('./demo-examples.csv', import.meta.url);

export const demoTrainingExamples = (): TrainingExample[] =>
  parseTrainingCsv(readFileSync(demoExamplesFile, 'utf8'));
