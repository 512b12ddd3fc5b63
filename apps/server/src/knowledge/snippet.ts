// The passage of a search hit worth showing: the sentences around the question's words, cut at sentence
// (or else word) boundaries, with the matched words located so a screen or terminal can mark them.
import { stopWords, wordsOf } from './text.js';

export const SNIPPET_CHARS = 280;

export interface Snippet {
  /** Plain text; '…' where it was cut inside the passage. */
  text: string;
  /** [start, end) character offsets in `text` of words that match the question. */
  marks: Array<[number, number]>;
}

interface Span {
  start: number;
  end: number;
}

const sentencesOf = (text: string): Span[] => {
  const spans: Span[] = [];
  const pattern = /[^.!?\n]+(?:[.!?]+["')\]]*|\n|$)/g;
  for (const match of text.matchAll(pattern)) {
    const raw = match[0];
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) spans.push({ start: match.index + lead, end: match.index + lead + body.length });
  }
  return spans;
};

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The question's content words as the stemmer sees them. */
const termsOf = (query: string) => new Set(wordsOf(query).filter((word) => !stopWords.has(word)));

const matches = (word: string, terms: Set<string>) => wordsOf(word).some((stemmed) => terms.has(stemmed));

/** The best window of `text` for `query`, at most `max` characters (plus the cut marks). */
export function snippetOf(text: string, query: string, max = SNIPPET_CHARS): Snippet {
  const terms = termsOf(query);
  const sentences = sentencesOf(text);
  if (sentences.length === 0) return { text: '', marks: [] };
  const hits = sentences.map((sentence) => {
    const found = new Set<string>();
    for (const word of text.slice(sentence.start, sentence.end).matchAll(wordPattern))
      for (const stemmed of wordsOf(word[0])) if (terms.has(stemmed)) found.add(stemmed);
    return found.size;
  });
  // The sentence with most distinct question words (the first on a tie), then its neighbours while they fit.
  let best = 0;
  hits.forEach((count, i) => {
    if (count > hits[best]!) best = i;
  });
  let first = best;
  let last = best;
  while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= max) last++;
  while (first > 0 && sentences[last]!.end - sentences[first - 1]!.start <= max) first--;
  let start = sentences[first]!.start;
  let end = sentences[last]!.end;
  if (end - start > max) [start, end] = wordWindow(text, sentences[best]!, terms, max);
  const body = text.slice(start, end).replace(/\s+/g, ' ');
  // '…' says there is more of the passage on that side.
  const lead = start > sentences[0]!.start ? '…' : '';
  const trail = end < sentences.at(-1)!.end ? '…' : '';
  const snippet = `${lead}${body}${trail}`;
  const marks: Array<[number, number]> = [];
  for (const word of snippet.matchAll(wordPattern))
    if (matches(word[0], terms)) marks.push([word.index, word.index + word[0].length]);
  return { text: snippet, marks };
}

/** A window of whole words inside one long sentence, starting a little before its first matched word. */
function wordWindow(text: string, sentence: Span, terms: Set<string>, max: number): [number, number] {
  const words = [...text.slice(sentence.start, sentence.end).matchAll(wordPattern)].map((word) => ({
    start: sentence.start + word.index,
    end: sentence.start + word.index + word[0].length,
    hit: matches(word[0], terms),
  }));
  const firstHit = Math.max(
    0,
    words.findIndex((word) => word.hit),
  );
  let from = firstHit;
  // Some context before the first match, at most a third of the window.
  while (from > 0 && words[firstHit]!.start - words[from - 1]!.start <= max / 3) from--;
  let to = from;
  while (to + 1 < words.length && words[to + 1]!.end - words[from]!.start <= max) to++;
  // Keep trailing punctuation that belongs to the last word's sentence end.
  const end = to === words.length - 1 ? sentence.end : words[to]!.end;
  return [words[from]!.start, end];
}

/** The snippet as plain text with its matched words in **bold** marks (terminals, logs, Markdown). */
export function markedText(snippet: Snippet): string {
  let text = snippet.text;
  for (const [start, end] of [...snippet.marks].reverse())
    text = `${text.slice(0, start)}**${text.slice(start, end)}**${text.slice(end)}`;
  return text;
}
