// Training files for the desk: every kind of bad file is refused with an error that names the line to fix.
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../errors.js';
import { parseDeskTrainingCsv } from './training.js';

const refusal = (csv: string): DeskError => {
  try {
    parseDeskTrainingCsv(csv);
  } catch (error) {
    if (error instanceof DeskError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
};

describe('desk training files', () => {
  it.each([
    ['a missing column', 'words,label\nhi,greeting\n', /Missing column "text" in the header on line 1/, 1],
    ['an empty label', 'text,label\nhi,greeting\nthanks,\n', /Empty label on line 3/, 3],
    ['an empty text', 'text,label\nhi,greeting\n,thanks\n', /Empty text on line 3/, 3],
    [
      'an unknown intent',
      'text,label\nhi,greeting\nfly me,teleport\n',
      /Unknown label "teleport" on line 3/,
      3,
    ],
    ['one class', 'text,label\nhi,greeting\nhello,greeting\n', /"greeting" on every line from 2 to 3/, 2],
    ['a header only', 'text,label\n', /no examples/, 2],
  ])('refuses %s, naming the line', (_, csv, message, line) => {
    const error = refusal(csv);
    expect(error.code).toBe('TRAINING_DATA_INVALID');
    expect(error.message).toMatch(message);
    expect(error.details).toEqual({ line });
  });

  it('accepts the desk intents in any column order, with extra columns', () => {
    expect(parseDeskTrainingCsv('label,source,text\ngreeting,web,hi\nthanks,web,"thanks, bye"\n')).toEqual([
      { text: 'hi', label: 'greeting' },
      { text: 'thanks, bye', label: 'thanks' },
    ]);
  });
});
