// The one reply composer: every message to a customer gets its greeting, name and sign-off here, so no
// template can stack two greetings or greet "there" when the customer's name is known.
import type { LanguageCode } from './language.js';

/** The first name to address a customer by, or undefined when the name is unknown or a placeholder. */
export function firstNameOf(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first && !/^there$/i.test(first) ? first : undefined;
}

const salutations: Record<LanguageCode, [named: string, unnamed: string]> = {
  en: ['Hi', 'Hello'],
  es: ['Hola', 'Hola'],
  fr: ['Bonjour', 'Bonjour'],
  de: ['Hallo', 'Hallo'],
  pt: ['Olá', 'Olá'],
  it: ['Ciao', 'Buongiorno'],
};

/** "Hi Emma," when the name is known; "Hello," otherwise (never "Hi there,"); in the customer's language. */
export const greetingFor = (name: string | null | undefined, language: LanguageCode = 'en'): string => {
  const first = firstNameOf(name);
  const [named, unnamed] = salutations[language];
  return first ? `${named} ${first},` : `${unnamed},`;
};

// A line that is only a salutation: "Hi Emma,", "Hello there!", "Dear Mr Fischer,", "Hey,".
const SALUTATION =
  /^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|hola|bonjour|hallo|olá|ciao|buongiorno)\b[^\n.?]{0,40}[,!:]?\s*(\n+|$)/i;

const INLINE_SALUTATION = /^([Hh]i|[Hh]ello|[Hh]ey|[Dd]ear)(\s+[A-Z][\p{L}'-]*)?[,!]\s+(?=\p{Lu})/u;

/** The body without any salutation lines it opens with (a person's answer often brings its own). */
export function withoutGreeting(body: string): string {
  let text = body.trimStart();
  for (let match = SALUTATION.exec(text); match; match = SALUTATION.exec(text)) {
    const rest = text.slice(match[0].length);
    // A salutation that runs on into the sentence ("Hi Emma, your order…") keeps the sentence.
    if (!match[0].includes('\n') && rest.trim() !== '' && !/[,!:]\s*$/.test(match[0])) break;
    text = rest.trimStart();
  }
  // "Hi Emma, I've checked…": a greeting run into a sentence that starts anew (a capital) loses the greeting.
  return text.replace(INLINE_SALUTATION, '');
}

export interface ReplyParts {
  /** The language the reply is written in; the greeting follows it. Default English. */
  language?: LanguageCode | undefined;
  /** The customer's full name, when known. */
  name: string | null | undefined;
  /** What the reply says; any greeting it opens with is replaced by the composer's one. */
  body: string;
  /** A closing line, such as an offer to help further. */
  signOff?: string | undefined;
}

/** Greeting, body and sign-off, each once, separated by blank lines. */
export function composeReply({ name, body, signOff, language }: ReplyParts): string {
  const text = withoutGreeting(body).trim();
  return [greetingFor(name, language), text, signOff?.trim()].filter((part) => part).join('\n\n');
}

/** A short conversational line that carries the name inside it ("You're welcome, Emma!"). */
export function addressed(
  template: (name: string) => string,
  fallback: string,
  name: string | null | undefined,
): string {
  const first = firstNameOf(name);
  return first ? template(first) : fallback;
}
