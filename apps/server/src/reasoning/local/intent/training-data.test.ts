// Specification of the training CSV format: what parses, and which errors name which line.
import { describe, it, expect } from 'vitest';
import { DeskError } from '../../../errors.js';
import { parseTrainingCsv } from './training-data.js';

const errorOf = (text: string): DeskError => {
  try {
    parseTrainingCsv(text);
  } catch (error) {
    if (error instanceof DeskError) return error;
    throw error;
  }
  throw new Error('expected parseTrainingCsv to throw');
};

describe('parseTrainingCsv', () => {
  it('reads text and label columns, in any order, ignoring extra columns', () => {
    const csv = 'id,label,text\n1,greeting,hello there\n2,farewell,goodbye\n';
    expect(parseTrainingCsv(csv)).toEqual([
      { text: 'hello there', label: 'greeting' },
      { text: 'goodbye', label: 'farewell' },
    ]);
  });

  it('handles quoted fields with commas, doubled quotes, embedded newlines and CRLF line ends', () => {
    const csv = 'text,label\r\n"Hi, I said ""stop""",complaint\r\n"two\r\nlines",other\r\n';
    expect(parseTrainingCsv(csv)).toEqual([
      { text: 'Hi, I said "stop"', label: 'complaint' },
      { text: 'two\r\nlines', label: 'other' },
    ]);
  });

  it('skips blank lines and a byte-order mark, and accepts banking77-style "category"', () => {
    const csv = '\ufefftext,category\n\nhello,a\n\nbye,b\n\n';
    expect(parseTrainingCsv(csv).map((e) => e.label)).toEqual(['a', 'b']);
  });

  it('rejects a header without a label column, naming line 1', () => {
    const error = errorOf('text,intent\nhello,a\n');
    expect(error.code).toBe('TRAINING_DATA_INVALID');
    expect(error.details).toEqual({ line: 1 });
    expect(error.message).toMatch(/label/);
  });

  it('rejects empty text or label, naming the physical line (quoted newlines count)', () => {
    expect(errorOf('text,label\n"a\nb",x\n  ,y\n').details).toEqual({ line: 4 });
    expect(errorOf('text,label\nhello,x\nbye,\n').details).toEqual({ line: 3 });
    expect(errorOf('text,label\nhello,x\nbye,\n').message).toMatch(/Empty label on line 3/);
  });

  it('rejects rows with the wrong number of fields and unterminated quotes', () => {
    expect(errorOf('text,label\nhello,x,extra\n').details).toEqual({ line: 2 });
    expect(errorOf('text,label\nok,x\n"never closed,y\n').details).toEqual({ line: 3 });
  });

  it('needs at least two distinct labels', () => {
    expect(errorOf('text,label\nhello,a\nhi,a\n').message).toMatch(/at least 2/);
    expect(errorOf('').code).toBe('TRAINING_DATA_INVALID');
  });
});
