import { describe, expect, it } from 'vitest';
import { DeskError } from '../errors.js';
import { parseScenarios } from './load.js';

const catalogue = { customers: new Set(['cus_01', 'cus_02']), checks: new Set(['hands-off']) };

function errorOf(text: string): DeskError {
  try {
    parseScenarios('evals/bad.yaml', text, catalogue);
  } catch (error) {
    if (error instanceof DeskError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const good = `- id: reset
  category: account
  customer: cus_01
  says:
    - How do I reset my password?
  expect:
    mention: [Forgot password]
`;

describe('scenario files', () => {
  it('reads scenarios with the line each starts on', () => {
    const [scenario] = parseScenarios('evals/ok.yaml', good, catalogue);
    expect(scenario).toMatchObject({ id: 'reset', customer: 'cus_01', file: 'evals/ok.yaml', line: 1 });
    expect(scenario?.expect.mention).toEqual(['Forgot password']);
  });

  it('names the file and line of text that does not parse', () => {
    const error = errorOf(`${good}- id: broken\n  says: [unclosed\n`);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toMatch(/^evals\/bad\.yaml:\d+: does not parse/);
    expect(error.details).toMatchObject({ file: 'evals/bad.yaml' });
  });

  it('names the line of an unknown customer', () => {
    const error = errorOf(`${good}- id: other\n  category: account\n  customer: cus_99\n  says: [hi]\n`);
    expect(error.message).toBe('evals/bad.yaml:10: unknown customer cus_99');
  });

  it('names the line of an unknown check', () => {
    const text = `${good}- id: other\n  category: account\n  customer: cus_02\n  says: [hi]\n  expect:\n    checks:\n      - hands-off\n      - reads-minds\n`;
    expect(errorOf(text).message).toMatch(/^evals\/bad\.yaml:15: unknown check "reads-minds"/);
  });

  it('names the line of a misspelt field', () => {
    const text = `- id: typo\n  category: account\n  customer: cus_01\n  says: [hi]\n  expect:\n    mentions: [x]\n`;
    expect(errorOf(text).message).toMatch(/^evals\/bad\.yaml:6: .*mentions/);
  });

  it('refuses a scenario with both a script and a simulated customer', () => {
    const text = `- id: both\n  category: account\n  customer: cus_01\n  says: [hi]\n  simulate: { goal: g, opening: o }\n`;
    expect(errorOf(text).message).toMatch(/^evals\/bad\.yaml:1: give either/);
  });
});
