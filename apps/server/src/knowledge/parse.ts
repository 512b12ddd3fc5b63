// Turns an uploaded or local file into titled sections of plain text: Markdown and HTML keep their heading
// structure, plain text and PDF become paragraphs. Unreadable, empty and unsupported input is refused here,
// before anything is written.
import { extname } from 'node:path';
import { NodeType, parse as parseHtml, type HTMLElement } from 'node-html-parser';
import { DeskError } from '../errors.js';
import { extractPdfText } from './pdf.js';

export type ContentType = 'markdown' | 'html' | 'text' | 'pdf';

export interface Section {
  /** The heading path, outermost first ("Returns › Large items"); empty before the first heading. */
  headings: string[];
  text: string;
}

export interface ParsedDocument {
  title: string;
  contentType: ContentType;
  sections: Section[];
  /** The whole document for display and drafting (Markdown as written, else extracted text); hashed for change. */
  body: string;
}

/** Uploads and files larger than this are refused before they are read into memory twice. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const byExtension: Record<string, ContentType> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.pdf': 'pdf',
};

const byMediaType: Record<string, ContentType> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
  'application/pdf': 'pdf',
};

/** The content type from a media type or else the file name; throws DOCUMENT_UNSUPPORTED_TYPE. */
export function contentTypeOf(name: string, mediaType?: string): ContentType {
  const fromMedia = mediaType ? byMediaType[mediaType.split(';')[0]!.trim().toLowerCase()] : undefined;
  const type = fromMedia ?? byExtension[extname(name).toLowerCase()];
  if (!type) {
    throw new DeskError(
      'DOCUMENT_UNSUPPORTED_TYPE',
      `Cannot ingest ${name}: supported types are Markdown, HTML, plain text and PDF`,
      { name, ...(mediaType ? { mediaType } : {}), supported: Object.keys(byExtension) },
    );
  }
  return type;
}

const titleFromName = (name: string) =>
  name
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim() || 'Untitled';

const tidy = (text: string) =>
  text
    // A PDF's text layer may carry NUL (padding, odd encodings); it is never content and cannot be stored.
    .replaceAll('\0', '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export async function parseDocument(
  name: string,
  bytes: Uint8Array,
  mediaType?: string,
): Promise<ParsedDocument> {
  const contentType = contentTypeOf(name, mediaType);
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new DeskError('DOCUMENT_TOO_LARGE', `${name} is larger than ${MAX_DOCUMENT_BYTES} bytes`, {
      name,
      bytes: bytes.byteLength,
      limit: MAX_DOCUMENT_BYTES,
    });
  }
  const parsed =
    contentType === 'pdf'
      ? await parsePdf(name, bytes)
      : parseText(name, contentType, decodeUtf8(name, bytes));
  const sections = parsed.sections
    .map((section) => ({ ...section, text: tidy(section.text) }))
    .filter((section) => section.text.length > 0);
  if (sections.length === 0) {
    throw new DeskError(
      'DOCUMENT_EMPTY',
      contentType === 'pdf'
        ? `${name} has no text layer (a scanned PDF needs OCR first)`
        : `${name} has no text to ingest`,
      { name, contentType },
    );
  }
  // Markdown is kept as written (agents and the drafting engine read its headings and step lists); other
  // types become their extracted text under their headings.
  const body =
    parsed.markdown ??
    sections
      .map((section) =>
        section.headings.length ? `${section.headings.at(-1)}\n${section.text}` : section.text,
      )
      .join('\n\n');
  return { title: parsed.title, contentType, sections, body };
}

function decodeUtf8(name: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new DeskError('DOCUMENT_UNREADABLE', `${name} is not valid UTF-8 text`, { name }, { cause: error });
  }
  // The database cannot store NUL in text; a text file with one is refused rather than silently changed.
  if (text.includes('\0')) {
    throw new DeskError('VALIDATION_FAILED', `${name} contains a NUL character`, {
      name,
      fields: [{ field: 'body', message: 'contains a NUL character' }],
    });
  }
  return text;
}

function parseText(
  name: string,
  type: Exclude<ContentType, 'pdf'>,
  text: string,
): { title: string; sections: Section[]; markdown?: string } {
  if (type === 'markdown') return parseMarkdown(name, text);
  if (type === 'html') return parseHtmlDocument(name, text);
  // A short first line followed by a blank line reads as the title.
  const firstLine = /^\s*([^\n]{1,120})\n\s*\n/.exec(text)?.[1]?.trim();
  return { title: firstLine || titleFromName(name), sections: [{ headings: [], text }] };
}

/** Splits on ATX headings (# … ######), keeping the path of enclosing headings; front matter is dropped. */
function parseMarkdown(name: string, markdown: string) {
  const source = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const sections: Section[] = [];
  const path: string[] = [];
  let title: string | undefined;
  let lines: string[] = [];
  let inFence = false;
  const flush = () => {
    sections.push({ headings: [...path], text: lines.join('\n') });
    lines = [];
  };
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) {
      lines.push(line);
      continue;
    }
    flush();
    const level = heading[1]!.length;
    const text = heading[2]!.replace(/[*_`]/g, '');
    if (level === 1 && title === undefined) title = text;
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push('');
    path[level - 1] = text;
  }
  flush();
  const clean = sections.map((section) => ({
    headings: section.headings.filter(Boolean),
    text: section.text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/^\s*[-*+]\s+/gm, '- ')
      .replace(/[*_`]{1,3}([^*_`\n]+)[*_`]{1,3}/g, '$1'),
  }));
  return { title: title ?? titleFromName(name), sections: clean, markdown: source.trim() };
}

const headingTags = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const skippedTags = new Set([
  'HEAD',
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'NAV',
  'HEADER',
  'FOOTER',
  'TEMPLATE',
  'SVG',
]);
const blockTags = new Set([
  'P',
  'LI',
  'TR',
  'PRE',
  'BLOCKQUOTE',
  'DIV',
  'SECTION',
  'ARTICLE',
  'DD',
  'DT',
  'BR',
]);

function parseHtmlDocument(name: string, html: string) {
  const root = parseHtml(html, { blockTextElements: { pre: true } });
  const sections: Section[] = [];
  const path: string[] = [];
  let text = '';
  const walk = (element: HTMLElement) => {
    for (const node of element.childNodes) {
      if (node.nodeType === NodeType.TEXT_NODE) {
        text += node.text;
        continue;
      }
      if (node.nodeType !== NodeType.ELEMENT_NODE) continue;
      const child = node as HTMLElement;
      const tag = child.tagName ?? '';
      if (skippedTags.has(tag)) continue;
      if (headingTags.has(tag)) {
        sections.push({ headings: path.filter(Boolean), text });
        text = '';
        const level = Number(tag[1]);
        path.length = Math.min(path.length, level - 1);
        while (path.length < level - 1) path.push('');
        path[level - 1] = child.text.replace(/\s+/g, ' ').trim();
        continue;
      }
      if (blockTags.has(tag)) text += '\n\n';
      walk(child);
      if (blockTags.has(tag)) text += '\n\n';
    }
  };
  walk(root);
  sections.push({ headings: path.filter(Boolean), text });
  const title =
    root.querySelector('title')?.text.trim() || root.querySelector('h1')?.text.trim() || titleFromName(name);
  return {
    title,
    sections: sections.map((section) => ({ ...section, text: decodeEntities(section.text) })),
  };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(point) ? String.fromCodePoint(point) : whole;
    }
    return entities[code.toLowerCase()] ?? whole;
  });

async function parsePdf(
  name: string,
  bytes: Uint8Array,
): Promise<{ title: string; sections: Section[]; markdown?: string }> {
  // In a worker thread, bounded in memory, time and text (see pdf.ts): unpdf's pdf.js fetches nothing.
  const { title, pages } = await extractPdfText(name, bytes);
  return {
    title: title ?? titleFromName(name),
    sections: pages.map((text, index) => ({ headings: pages.length > 1 ? [`Page ${index + 1}`] : [], text })),
  };
}
