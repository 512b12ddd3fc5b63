// One message in a conversation thread, and the limits every message text must meet before an agent reads it
// or a customer receives it.
import { DeskError } from '../errors.js';

export const MAX_MESSAGE_CHARS = 8000;

export const messageRoles = ['customer', 'agent', 'human'] as const;
export type MessageRole = (typeof messageRoles)[number];

export interface Message {
  readonly id: string;
  readonly role: MessageRole;
  readonly text: string;
  readonly at: Date;
}

/**
 * Returns the text trimmed. Throws MESSAGE_EMPTY when nothing is left and MESSAGE_TOO_LONG (details
 * `{ maxChars, actualChars }`) past MAX_MESSAGE_CHARS. Characters are counted as code points, so an emoji
 * counts once, as the customer would count it.
 */
export const validateCustomerText = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') throw new DeskError('MESSAGE_EMPTY', 'The message has no text');
  const actualChars = [...trimmed].length;
  if (actualChars > MAX_MESSAGE_CHARS) {
    throw new DeskError('MESSAGE_TOO_LONG', `A message has at most ${MAX_MESSAGE_CHARS} characters`, {
      maxChars: MAX_MESSAGE_CHARS,
      actualChars,
    });
  }
  return trimmed;
};

/**
 * Builds a message with validated text. Replies from agents and people meet the same limits as customer
 * messages, so whatever the desk sends fits wherever a customer message fits. The caller supplies the id and
 * time: the domain reads no clock.
 */
export const createMessage = (input: { id: string; role: MessageRole; text: string; at: Date }): Message => {
  if (input.id.trim() === '') throw new DeskError('VALIDATION_FAILED', 'A message needs an id');
  if (Number.isNaN(input.at.getTime())) {
    throw new DeskError('VALIDATION_FAILED', 'A message needs a valid time', { id: input.id });
  }
  return Object.freeze({
    id: input.id,
    role: input.role,
    text: validateCustomerText(input.text),
    at: new Date(input.at.getTime()),
  });
};
