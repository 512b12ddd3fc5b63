// Reading a customer's words the same however they were typed: Unicode compatibility forms (fullwidth
// letters, ligatures), look-alike letters from other scripts and invisible characters all become plain text
// before intents, order ids or product names are read from it, so look-alike text cannot change the target.

/** Letters from Cyrillic and Greek that look like Latin ones, and typographic punctuation, as plain ASCII. */
const confusables: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  һ: 'h',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  τ: 't',
  ι: 'i',
  κ: 'k',
  υ: 'u',
  χ: 'x',
  ε: 'e',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u00a0': ' ',
};

const confusablePattern = new RegExp(
  `[${Object.keys(confusables)
    .filter((key) => key.length === 1)
    .join('')}]`,
  'g',
);

/** Zero-width and formatting characters that change no visible letter but break matching. */
const invisible = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/**
 * The text as plain characters: NFKC (fullwidth "ｏｒｄ＿１００２" is "ord_1002"), look-alike letters replaced,
 * invisible characters removed. Case and spacing are kept; callers lower-case as they need.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(invisible, '')
    .replace(confusablePattern, (char) => confusables[char] ?? char);
}
