// Text helpers for extractive drafting and review: markdown to plain steps and sentences, money formatting.

export const formatMoney = (amountMinor: number, currency: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 100);

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

const stopWords = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our so that the their then there this to was we what when where which who why will with you your'.split(
    ' ',
  ),
);

export const contentWords = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .filter((word) => word.length > 2 && !stopWords.has(word)),
  );

/** How many of the query's content words a passage shares (a crude but honest relevance signal). */
export const overlap = (query: Set<string>, passage: string): number => {
  let shared = 0;
  for (const word of contentWords(passage)) if (query.has(word)) shared += 1;
  return shared;
};
