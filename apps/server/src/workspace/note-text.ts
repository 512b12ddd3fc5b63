// Notes and hand-back summaries are checked by the desk, so each refusal has its own stable code.
import { api } from '@frontdesk/contracts';
import { DeskError } from '../errors.js';

/** The note trimmed; NOTE_EMPTY when nothing is left, NOTE_TOO_LONG past the limit. */
export function noteText(text: string, what = 'note'): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new DeskError('NOTE_EMPTY', `The ${what} is empty`, { field: what });
  if (trimmed.length > api.MAX_NOTE_CHARS) {
    throw new DeskError('NOTE_TOO_LONG', `The ${what} is longer than ${api.MAX_NOTE_CHARS} characters`, {
      field: what,
      length: trimmed.length,
      limit: api.MAX_NOTE_CHARS,
    });
  }
  return trimmed;
}
