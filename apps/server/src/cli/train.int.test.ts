// `frontdesk train` as a user runs it: a good file adds a model version; bad files are refused naming the line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../testing/cli.js';
import { runtimeTargets, type TestLocation } from '../testing/runtime.js';

const [embedded] = await runtimeTargets();

describe('frontdesk train', () => {
  let location: TestLocation;
  let dir: string;
  beforeAll(async () => {
    location = await embedded!.prepare();
    dir = location.env.FRONTDESK_DATA_DIR!;
  });
  afterAll(async () => location?.dispose());

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  // One bad file end to end (every other bad-input case is in reasoning/local/intent/training.test.ts).
  it('refuses a file with an empty label as a problem document naming the line, exit 1', async () => {
    const { code, json } = await runCliJson<{ code: string; detail: string; line: number }>(
      ['train', '--data', file('bad.csv', 'text,label\nhi,greeting\nthanks,\n')],
      location.env,
    );
    expect(code).toBe(1);
    expect(json).toMatchObject({ code: 'TRAINING_DATA_INVALID', line: 3, detail: 'Empty label on line 3' });
  });

  it('trains a new version on top of the one trained at first start', async () => {
    const csv = file(
      'good.csv',
      'text,label\nforgot my password,password_reset\nreset password,password_reset\n' +
        "can't log in,sign_in_problem\nsign in fails,sign_in_problem\n",
    );
    const { code, json } = await runCliJson<{ model: { version: number; examples: number } }>(
      ['train', '--data', csv],
      location.env,
    );
    expect(code).toBe(0);
    // Version 1 is the model trained on the demo examples when the desk first opened this database.
    expect(json.model).toMatchObject({ version: 2, examples: 4, source: 'good.csv' });
  });
});
