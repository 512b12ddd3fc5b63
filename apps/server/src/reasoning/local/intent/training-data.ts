// Parses labelled training data (CSV with `text` and `label` columns) for the intent classifier, rejecting
// malformed input with errors that name the offending line so an operator can fix the upload.
import { DeskError } from '../../../errors.js';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface ParseTrainingCsvOptions {
  /** Header of the label column; `category` is accepted as well (banking77 spells it so). */
  labelColumn?: string;
  /** Minimum number of distinct labels a usable data set needs. */
  minClasses?: number;
  /** When given, a label outside this list is an error naming its line (the desk trains only its own intents). */
  allowedLabels?: readonly string[];
}

interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts (quoted fields may span lines). */
  line: number;
}

const invalid = (message: string, line?: number): DeskError =>
  new DeskError('TRAINING_DATA_INVALID', message, line === undefined ? {} : { line });

// RFC 4180 with the usual leniencies: CRLF or LF, doubled quotes inside quoted fields, newlines in quotes.
function* csvRecords(text: string): Generator<CsvRecord> {
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a UTF-8 byte-order mark
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw invalid(`Unterminated quoted field starting on line ${start}`, start);
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          value += ch;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw invalid(`Unexpected character after a closing quote on line ${line}`, line);
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        value = text.slice(from, i);
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // A blank line is not a record (spreadsheets often leave a trailing one).
    if (fields.length === 1 && fields[0] === '') continue;
    yield { fields, line: start };
  }
}

/** Parses CSV text with a header row naming `text` and `label` columns (any order, extra columns ignored). */
export function parseTrainingCsv(text: string, options: ParseTrainingCsvOptions = {}): TrainingExample[] {
  const labelColumn = options.labelColumn ?? 'label';
  const records = csvRecords(text);
  const header = records.next();
  if (header.done) throw invalid('The training data is empty; expected a header row with text,label', 1);
  const names = header.value.fields.map((name) => name.trim().toLowerCase());
  const textAt = names.indexOf('text');
  let labelAt = names.indexOf(labelColumn.toLowerCase());
  if (labelAt < 0 && options.labelColumn === undefined) labelAt = names.indexOf('category');
  if (textAt < 0 || labelAt < 0) {
    const missing = textAt < 0 ? 'text' : labelColumn;
    throw invalid(
      `Missing column "${missing}" in the header on line ${header.value.line}`,
      header.value.line,
    );
  }

  const examples: TrainingExample[] = [];
  const lines: number[] = [];
  for (const { fields, line } of records) {
    if (fields.length !== names.length) {
      throw invalid(`Line ${line} has ${fields.length} fields; the header has ${names.length}`, line);
    }
    const exampleText = fields[textAt]!.trim();
    const label = fields[labelAt]!.trim();
    if (exampleText === '') throw invalid(`Empty text on line ${line}`, line);
    if (label === '') throw invalid(`Empty label on line ${line}`, line);
    if (options.allowedLabels && !options.allowedLabels.includes(label)) {
      throw invalid(
        `Unknown label "${label}" on line ${line}; expected one of: ${options.allowedLabels.join(', ')}`,
        line,
      );
    }
    examples.push({ text: exampleText, label });
    lines.push(line);
  }

  const minClasses = options.minClasses ?? 2;
  const classes = new Set(examples.map((example) => example.label)).size;
  if (examples.length === 0) throw invalid('The training data has a header but no examples', 2);
  if (classes < minClasses) {
    const first = lines[0]!;
    const last = lines[lines.length - 1]!;
    throw invalid(
      `The training data has ${classes} distinct label(s) ("${examples[0]!.label}" on every line from ${first} to ${last}); at least ${minClasses} are needed`,
      first,
    );
  }
  return examples;
}
