// Splits a parsed document into search-sized chunks that follow its headings: a chunk never spans two
// sections, long sections are cut at paragraph (then sentence) boundaries, and each cut repeats the tail of
// the previous chunk so an answer that straddles a cut is still found whole in one of them.
import { createHash } from 'node:crypto';
import type { ParsedDocument } from './parse.js';

export interface Chunk {
  ordinal: number;
  /** The document title and heading path, "Refund policy › Large items"; weighted above the text in search. */
  heading: string;
  text: string;
  /** sha256 of heading and text: the identity used to keep unchanged chunks (and their vectors) on re-ingest. */
  contentHash: string;
}

export interface ChunkingOptions {
  maxChars?: number;
  overlapChars?: number;
}

export const hashOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

export function chunkDocument(document: ParsedDocument, options: ChunkingOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? 1000;
  const overlapChars = options.overlapChars ?? 150;
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  for (const section of document.sections) {
    const heading = [document.title, ...section.headings.filter((h) => h !== document.title)].join(' › ');
    for (const text of splitSection(section.text, maxChars, overlapChars)) {
      const contentHash = hashOf(heading, text);
      // The same boilerplate twice in one document is stored once.
      if (seen.has(contentHash)) continue;
      seen.add(contentHash);
      chunks.push({ ordinal: chunks.length, heading, text, contentHash });
    }
  }
  return chunks;
}

function splitSection(text: string, maxChars: number, overlapChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces = text
    .split(/\n{2,}/)
    .flatMap((paragraph) => (paragraph.length <= maxChars ? [paragraph] : splitLong(paragraph, maxChars)));
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + piece.length + 2 > maxChars) {
      out.push(current);
      current = `${tail(current, overlapChars)}${piece}`;
    } else {
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

/** A paragraph longer than a chunk: cut between sentences, or between words when a sentence is too long. */
function splitLong(paragraph: string, maxChars: number): string[] {
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [paragraph];
  const out: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    for (let start = 0; start < sentence.length; start += maxChars) {
      const part = sentence.slice(start, start + maxChars);
      if (current.length + part.length > maxChars && current) {
        out.push(current.trim());
        current = '';
      }
      current += part;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** The last whole words of a chunk, up to `chars` long, followed by an ellipsis marker and a break. */
function tail(text: string, chars: number): string {
  if (chars <= 0) return '';
  const slice = text.slice(-chars);
  const start = slice.indexOf(' ');
  const words = (start >= 0 ? slice.slice(start + 1) : slice).trim();
  return words ? `…${words}\n\n` : '';
}
