// Extracted answers cut at section boundaries: an article is read as its sections (a heading and what stands
// under it), and an answer quotes whole sections — every step of a procedure, every bullet of a list — plus
// the article's opening when it states a condition (who, where, until when), never half a list.
import { plain } from './text.js';

export interface Section {
  /** The section's heading ('' for the opening before the first heading). */
  heading: string;
  /** Its paragraphs and lists, as plain text (list items keep their numbers or dashes). */
  blocks: string[];
}

/** The article's sections in order; empty sections are dropped. */
export function sectionsOf(markdown: string): Section[] {
  const sections: Section[] = [{ heading: '', blocks: [] }];
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) sections.at(-1)!.blocks.push(block.join('\n'));
    block = [];
  };
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      sections.push({ heading: plain(heading[1]!), blocks: [] });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const item = /^\s*(\d+[.)]|[-*+])\s+(.*)$/.exec(line);
    if (item) {
      const marker = /^\d/.test(item[1]!) ? `${item[1]!.replace(')', '.')}` : '-';
      block.push(`${marker} ${plain(item[2]!)}`);
    } else if (block.length > 0 && /^(\d+\.|-)\s/.test(block.at(-1)!) && /^\s+\S/.test(line)) {
      // A list item's continuation line belongs to that item.
      block[block.length - 1] = `${block.at(-1)!} ${plain(line)}`;
    } else {
      // Prose lines of one paragraph join into one line.
      const text = plain(line);
      if (block.length > 0 && !/^(\d+\.|-)\s/.test(block.at(-1)!))
        block[block.length - 1] = `${block.at(-1)!} ${text}`;
      else block.push(text);
    }
  }
  flush();
  return sections.filter((section) => section.blocks.length > 0);
}

/** Words that make a sentence a condition of the answer: it limits who, where, what or until when. */
const conditionPattern =
  /\b(only|must|cannot|except|unless|within|as long as|provided that|at least|no later than)\b/i;

export const statesCondition = (text: string): boolean => conditionPattern.test(text);

/** The section as it is quoted: its heading (when it has one and others are quoted too) then its blocks. */
export const quoteSection = (section: Section, withHeading: boolean): string =>
  [...(withHeading && section.heading ? [`${section.heading}:`] : []), ...section.blocks].join('\n');
