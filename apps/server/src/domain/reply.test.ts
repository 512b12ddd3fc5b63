import { describe, expect, it } from 'vitest';
import { addressed, composeReply, firstNameOf, greetingFor, withoutGreeting } from './reply.js';

describe('reply composer', () => {
  it('greets the customer by first name', () => {
    expect(composeReply({ name: 'Emma Lindqvist', body: 'Your refund is on its way.' })).toBe(
      'Hi Emma,\n\nYour refund is on its way.',
    );
  });

  it('never greets "there": an unknown name gets a plain hello', () => {
    expect(greetingFor(undefined)).toBe('Hello,');
    expect(greetingFor('there')).toBe('Hello,');
    expect(firstNameOf('  ')).toBeUndefined();
  });

  it('never stacks two greetings when a person’s answer brings its own', () => {
    const reply = composeReply({
      name: 'Emma Lindqvist',
      body: 'Hi Emma,\n\nI checked your order: it ships today.',
    });
    expect(reply).toBe('Hi Emma,\n\nI checked your order: it ships today.');
    expect(composeReply({ name: undefined, body: 'Hi there,\n\nHi Emma, it ships today.' })).toBe(
      'Hello,\n\nHi Emma, it ships today.',
    );
  });

  it('makes "Hi there,\\n\\nHi Emma, …" impossible', () => {
    for (const name of ['Emma Lindqvist', undefined, 'there']) {
      const reply = composeReply({ name, body: 'Hi there,\n\nHi Emma,\n\nIt ships today.' });
      expect(reply.match(/^(hi|hello)\b/gim)).toHaveLength(1);
      expect(reply).not.toMatch(/\bthere\b/);
    }
  });

  it('drops a greeting run into a new sentence, as people often write', () => {
    expect(composeReply({ name: 'Emma Lindqvist', body: "Hi Emma, I've checked your account." })).toBe(
      "Hi Emma,\n\nI've checked your account.",
    );
  });

  it('keeps a sentence that only starts with a greeting word', () => {
    expect(withoutGreeting('Hey, that order shipped on Monday.')).toBe('Hey, that order shipped on Monday.');
    expect(withoutGreeting('Hello! \nYour order shipped.')).toBe('Your order shipped.');
  });

  it('adds the sign-off once, after the body', () => {
    expect(composeReply({ name: 'Ben Okafor', body: 'Done.', signOff: 'Anything else?' })).toBe(
      'Hi Ben,\n\nDone.\n\nAnything else?',
    );
  });

  it('puts the name inside a short line, never "You\'re welcome, there!"', () => {
    const thanks = (name: string | undefined) =>
      addressed((first) => `You're welcome, ${first}!`, "You're welcome!", name);
    expect(thanks('Jamal Brooks')).toBe("You're welcome, Jamal!");
    expect(thanks(undefined)).toBe("You're welcome!");
    expect(thanks('there')).toBe("You're welcome!");
  });
});
