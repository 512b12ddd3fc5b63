// Text helpers for extractive drafting and review: markdown to plain steps and sentences, money formatting.
import { currencyFormat } from '../../domain/money.js';

export const formatMoney = (amountMinor: number, currency: string): string =>
  currencyFormat(currency).format(amountMinor / 100);

/** Markdown inline formatting removed: emphasis, code and links (keeping the link text). */
export const plain = (markdown: string): string =>
  markdown
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .trim();

export interface StepList {
  /** The heading of the section the list stands in ('' before the first heading). */
  heading: string;
  steps: string[];
}

/** Each numbered list of the article (a procedure), with its section heading, steps without numbers. */
export function stepLists(markdown: string): StepList[] {
  const lists: StepList[] = [];
  let heading = '';
  let current: StepList | undefined;
  for (const line of markdown.split('\n')) {
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(line);
    const step = /^\s*\d+[.)]\s+(.*)$/.exec(line)?.[1];
    if (headingMatch) heading = plain(headingMatch[1]!);
    if (step !== undefined && step.trim() !== '') {
      if (!current) lists.push((current = { heading, steps: [] }));
      current.steps.push(plain(step));
    } else if (line.trim() !== '') {
      current = undefined;
    }
  }
  return lists;
}

/** Prose paragraphs (no headings, no list items). */
export const paragraphs = (markdown: string): string[] =>
  markdown
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '' && !block.startsWith('#') && !/^\s*(\d+[.)]|[-*])\s/.test(block))
    .map((block) => plain(block.replace(/\s*\n\s*/g, ' ')));

export const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);

// Besides function words: fillers, and trying ("when I try to pay") or keeping at it ("it keeps rejecting
// mine"), which are the customer's effort, not what they ask about; counted, "try" drew answers to a "Try
// another way to pay" section and "keeps" the strong-password advice that "keeps your account safe".
const stopWords = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our so that the their then there this to was we what when where which who why will with you your dont wont doesnt didnt isnt im ive its just like really would could should some any about also very much please thanks thank hello know try tries trying tried keep keeps kept keeping something anything'.split(
    ' ',
  ),
);

/**
 * A crude English stem, so that "shipping", "shipped" and "ships" all meet "ship" and "charged" meets
 * "charge": plural and verb endings off, a doubled final consonant and a silent final e dropped.
 */
export function stem(word: string): string {
  let s = word.replace(/'s$/, '').replace(/'/g, '');
  // Customers log in; help articles sign in.
  if (s === 'log' || s === 'login' || s === 'logon' || s === 'signin') return 'sign';
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && /(ch|sh|x|ss)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  if (s.length > 3 && /([^aeioulsz])\1$/.test(s)) s = s.slice(0, -1);
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

/**
 * Texts already split into content words, oldest first, and their total length. Drafting reads each help
 * article many times for one reply (as a whole, section by section, its title, again to quote it), and
 * review reads them once more: splitting and stemming them each time was a tenth of the desk's own CPU per
 * request. Bounded by characters, so a burst of long customer messages cannot grow it without limit.
 */
const splitTexts = new Map<string, ReadonlySet<string>>();
let splitCharacters = 0;
const SPLIT_CHARACTER_LIMIT = 2_000_000;

/** The text's words that carry meaning, stemmed: lower case, without stop words and words under 3 letters. */
export function contentWords(text: string): ReadonlySet<string> {
  const known = splitTexts.get(text);
  if (known !== undefined) return known;
  const words: ReadonlySet<string> = new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .map((word) => word.replace(/'/g, ''))
      .filter((word) => word.length > 2 && !stopWords.has(word))
      .map(stem),
  );
  if (text.length <= SPLIT_CHARACTER_LIMIT) {
    splitTexts.set(text, words);
    splitCharacters += text.length;
    for (const oldest of splitTexts.keys()) {
      if (splitCharacters <= SPLIT_CHARACTER_LIMIT) break;
      splitTexts.delete(oldest);
      splitCharacters -= oldest.length;
    }
  }
  return words;
}

/** How many of the query's content words a passage shares (a crude but honest relevance signal). */
export const overlap = (query: ReadonlySet<string>, passage: string): number => {
  let shared = 0;
  for (const word of contentWords(passage)) if (query.has(word)) shared += 1;
  return shared;
};
