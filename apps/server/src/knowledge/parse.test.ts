import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunking.js';
import { parseDocument } from './parse.js';
import { buildPdf } from './pdf-fixture.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('document parsing', () => {
  it('keeps the heading path of Markdown sections and the Markdown itself as the body', async () => {
    const doc = await parseDocument(
      'returns.md',
      bytes(
        '---\nslug: x\n---\n# Returns\nIntro.\n## Large items\nBook a pickup.\n### Fees\nNone.\n## Small items\n```\n# not a heading\n```\nPost it.',
      ),
    );
    expect(doc.title).toBe('Returns');
    expect(doc.contentType).toBe('markdown');
    expect(doc.sections.map((s) => s.headings.join(' / '))).toEqual([
      'Returns',
      'Returns / Large items',
      'Returns / Large items / Fees',
      'Returns / Small items',
    ]);
    expect(doc.sections[3]!.text).toContain('# not a heading');
    expect(doc.body).toContain('## Large items');
  });

  it('reads HTML text under its headings, without scripts, navigation or the head', async () => {
    const doc = await parseDocument(
      'w.html',
      bytes(
        '<html><head><title>Warranty</title><script>steal()</script></head><body><nav>Menu</nav><h1>Warranty</h1><p>Three years &amp; more.</p><h2>Claims</h2><p>Email us.</p></body></html>',
      ),
    );
    expect(doc.title).toBe('Warranty');
    expect(doc.sections).toEqual([
      { headings: ['Warranty'], text: 'Three years & more.' },
      { headings: ['Warranty', 'Claims'], text: 'Email us.' },
    ]);
    expect(doc.body).not.toMatch(/steal|Menu/);
  });

  it('takes a plain-text title from a short first line', async () => {
    const doc = await parseDocument('hours.txt', bytes('Holiday hours\n\nWe answer 9 to 5.'));
    expect(doc.title).toBe('Holiday hours');
    expect(doc.sections[0]!.text).toContain('We answer 9 to 5.');
  });

  it('extracts the text of every PDF page with the bundled pdf.js', async () => {
    const doc = await parseDocument(
      'guide.pdf',
      buildPdf([['Descale the kettle monthly.'], ['Use white vinegar.']], 'Kettle care'),
    );
    expect(doc.title).toBe('Kettle care');
    expect(doc.sections.map((s) => s.headings)).toEqual([['Page 1'], ['Page 2']]);
    expect(doc.body).toContain('Descale the kettle monthly.');
    expect(doc.body).toContain('Use white vinegar.');
  });

  it.each([
    ['an empty file', 'empty.md', bytes('  \n\n'), 'DOCUMENT_EMPTY'],
    ['a PDF with no text layer', 'scan.pdf', buildPdf([null]), 'DOCUMENT_EMPTY'],
    ['a corrupt PDF', 'broken.pdf', bytes('%PDF-1.4 garbage'), 'DOCUMENT_UNREADABLE'],
    [
      'text that is not UTF-8',
      'latin.txt',
      new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0xff]),
      'DOCUMENT_UNREADABLE',
    ],
    ['an unsupported type', 'photo.png', bytes('PNG'), 'DOCUMENT_UNSUPPORTED_TYPE'],
    ['a 50 MB file', 'huge.txt', new Uint8Array(50 * 1024 * 1024), 'DOCUMENT_TOO_LARGE'],
  ])('refuses %s with a registry code', async (_label, name, content, code) => {
    await expect(parseDocument(name, content)).rejects.toMatchObject({ code });
  });

  it('prefers the media type over the file name', async () => {
    const doc = await parseDocument('upload', bytes('# Title\nBody'), 'text/markdown; charset=utf-8');
    expect(doc.contentType).toBe('markdown');
  });
});

describe('chunking', () => {
  const parsed = async (markdown: string) => parseDocument('doc.md', bytes(markdown));

  it('never lets a chunk span two sections, and names each by its heading path', async () => {
    const chunks = chunkDocument(await parsed('# Guide\n## Setup\nPlug it in.\n## Cleaning\nWipe it.'));
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      ['Guide › Setup', 'Plug it in.'],
      ['Guide › Cleaning', 'Wipe it.'],
    ]);
  });

  it('cuts a long section at paragraph boundaries and repeats the tail of the previous chunk', async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(30)}end${i}.`);
    const chunks = chunkDocument(await parsed(`# Long\n${paragraphs.join('\n\n')}`), {
      maxChars: 500,
      overlapChars: 60,
    });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(500 + 70);
    // The second chunk starts with the end of the first.
    const tailOfFirst = chunks[0]!.text.slice(-20);
    expect(chunks[1]!.text.startsWith('…')).toBe(true);
    expect(chunks[1]!.text.slice(0, 80)).toContain(tailOfFirst.trim().split(' ').at(-1)!);
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it('stores the same text under the same heading once', async () => {
    const chunks = chunkDocument(await parsed('# A\n## Note\nSame.\n## Note\nSame.\n## Other\nDifferent.'));
    expect(chunks.map((c) => c.text)).toEqual(['Same.', 'Different.']);
    expect(new Set(chunks.map((c) => c.contentHash)).size).toBe(2);
  });
});
