import { describe, it, expect } from 'vitest';
import { createMessage, MAX_MESSAGE_CHARS, validateCustomerText } from './message.js';

describe('customer message text', () => {
  it('is trimmed', () => {
    expect(validateCustomerText('  Where is my order?\n')).toBe('Where is my order?');
  });

  it.each(['', '   ', '\n\t '])('is refused when empty (%j)', (text) => {
    expect(() => validateCustomerText(text)).toThrow(expect.objectContaining({ code: 'MESSAGE_EMPTY' }));
  });

  it('may be exactly the maximum length', () => {
    expect(validateCustomerText('a'.repeat(MAX_MESSAGE_CHARS))).toHaveLength(MAX_MESSAGE_CHARS);
  });

  it('is refused one character past the maximum, saying by how much', () => {
    expect(() => validateCustomerText('a'.repeat(MAX_MESSAGE_CHARS + 1))).toThrow(
      expect.objectContaining({
        code: 'MESSAGE_TOO_LONG',
        details: { maxChars: 8000, actualChars: 8001 },
      }),
    );
  });

  it('measures length after trimming', () => {
    expect(() => validateCustomerText(` ${'a'.repeat(MAX_MESSAGE_CHARS)} `)).not.toThrow();
  });

  it('counts an emoji as one character', () => {
    expect(() => validateCustomerText('😀'.repeat(MAX_MESSAGE_CHARS))).not.toThrow();
  });
});

describe('message', () => {
  const at = new Date('2025-03-01T10:00:00Z');

  it('holds validated text', () => {
    const message = createMessage({ id: 'msg_1', role: 'customer', text: ' Hello ', at });
    expect(message).toEqual({ id: 'msg_1', role: 'customer', text: 'Hello', at });
    expect(Object.isFrozen(message)).toBe(true);
  });

  it('holds replies to the same limits', () => {
    expect(() => createMessage({ id: 'msg_2', role: 'agent', text: ' ', at })).toThrow(
      expect.objectContaining({ code: 'MESSAGE_EMPTY' }),
    );
  });

  it('needs an id and a valid time', () => {
    const invalid = expect.objectContaining({ code: 'VALIDATION_FAILED' });
    expect(() => createMessage({ id: '', role: 'human', text: 'Hi', at })).toThrow(invalid);
    expect(() => createMessage({ id: 'msg_3', role: 'human', text: 'Hi', at: new Date('nope') })).toThrow(
      invalid,
    );
  });

  it('does not share its time with the caller', () => {
    const when = new Date(at);
    const message = createMessage({ id: 'msg_4', role: 'customer', text: 'Hi', at: when });
    when.setFullYear(2000);
    expect(message.at.toISOString()).toBe('2025-03-01T10:00:00.000Z');
  });
});
