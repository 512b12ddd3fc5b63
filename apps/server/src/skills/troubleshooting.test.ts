// What troubleshooting adds to a reply and what delivery remembers of it: only steps the customer was shown.
import { describe, expect, it } from 'vitest';
import {
  guidedLines,
  namesAProblem,
  stepName,
  stepsOf,
  stepsShown,
  triedEveryStep,
} from './troubleshooting.js';
import type { Guide } from './types.js';

const body = `If the sign-in page keeps rejecting you, work through these checks in order.

## Check what you are typing

1. **Caps Lock.** Passwords are case-sensitive.
2. **Email address.** Use the address your account was created with.

## Browser problems

1. Make sure your browser allows **cookies** for our site.
2. **Clear your cache** and cookies, then try again.
3. **Try another browser** or a private window.`;

const steps = stepsOf(body);
const guide = (tried: string[] = []): Guide => ({
  article: 'cant-sign-in',
  title: "Can't sign in to your account",
  steps,
  tried,
  searchedFirst: true,
});

describe('troubleshooting', () => {
  it('reads the numbered steps of every list, in order', () => {
    expect(steps).toHaveLength(5);
    expect(steps[0]).toBe('**Caps Lock.** Passwords are case-sensitive.');
    expect(steps[2]).toBe('Make sure your browser allows **cookies** for our site.');
  });

  it('follows only articles about a problem, never a procedure such as closing an account', () => {
    for (const title of [
      "Can't sign in to your account",
      'Barista Pro Espresso Machine troubleshooting',
      'Problems with the website or checkout',
      "I didn't get an order confirmation email",
    ])
      expect(namesAProblem(title)).toBe(true);
    for (const title of [
      'Close your account',
      'Change your password',
      'Reset your password',
      'Start a return',
    ])
      expect(namesAProblem(title)).toBe(false);
  });

  it('names a step by its bold lead, or else by its first sentence', () => {
    expect(steps.map(stepName)).toEqual([
      'Caps Lock',
      'Email address',
      'Make sure your browser allows cookies for our site',
      'Clear your cache and cookies, then try again',
      'Try another browser or a private window',
    ]);
  });

  it('finds the steps a reply shows, as quoted (plain) or as the skill wrote them', () => {
    const quoted = `Check what you are typing:\n1. Caps Lock. Passwords are case-sensitive.\n2. Email address. Use the address your account\nwas created with.`;
    expect(stepsShown(quoted, steps)).toEqual(steps.slice(0, 2));
    expect(stepsShown('Account locked after failed attempts: wait 30 minutes.', steps)).toEqual([]);
    // Named in "already tried" is not shown again.
    expect(stepsShown("You've already tried: Caps Lock; Email address.", steps)).toEqual([]);
  });

  it('gives the first steps on first contact, unless the draft quotes the procedure or the search doubts it', () => {
    const lines = guidedLines(guide(), 'From our help article: the account locks after 5 attempts.');
    expect(lines[0]).toBe(`Try these steps first, from "Can't sign in to your account":`);
    expect(lines.slice(1)).toEqual([
      '1. Caps Lock. Passwords are case-sensitive.',
      '2. Email address. Use the address your account was created with.',
      '3. Make sure your browser allows cookies for our site.',
      '4. Clear your cache and cookies, then try again.',
    ]);
    expect(guidedLines(guide(), '1. Caps Lock. Passwords are case-sensitive.')).toEqual([]);
    // The reply chose an article the search did not put first: nothing is added to a reply that may be wrong.
    expect(guidedLines({ ...guide(), searchedFirst: false }, 'The account locks after 5 attempts.')).toEqual(
      [],
    );
  });

  it('names what was tried and goes on with steps neither tried nor quoted', () => {
    const lines = guidedLines(guide(steps.slice(0, 3)), '1. Clear your cache and cookies, then try again.');
    expect(lines).toEqual([
      `You've already tried: Caps Lock; Email address; Make sure your browser allows cookies for our site. Next, from "Can't sign in to your account":`,
      '1. Try another browser or a private window.',
    ]);
    expect(triedEveryStep(guide(steps.slice(0, 3)))).toBe(false);
  });

  it('says a person should look once every step was tried', () => {
    expect(triedEveryStep(guide(steps))).toBe(true);
    expect(guidedLines(guide(steps), 'Hi')).toEqual([
      `You've already tried every step in "Can't sign in to your account", so this needs a closer look from our team.`,
    ]);
  });
});
