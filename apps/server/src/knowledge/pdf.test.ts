// PDF bombs: a small file whose pages all draw one compressed content stream, so a few kilobytes expand to
// megabytes of text. Extraction stops at its limits (text, heap, time) in a worker, and the server's own
// heap does not carry what the worker read.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPdf } from './pdf-fixture.js';
import { DEFAULT_PDF_LIMITS, extractPdfText } from './pdf.js';

/** A PDF of `pages` pages that share one Flate-compressed stream of `lines` lines of `width` letters. */
function buildPdfBomb(pages: number, lines: number, width: number): Uint8Array {
  const line = `(${'Grind size matters '.repeat(Math.ceil(width / 19)).slice(0, width)}) Tj T* `;
  const stream = deflateSync(Buffer.from(`BT /F1 10 Tf 20 780 Td 12 TL ${line.repeat(lines)} ET`), {
    level: 9,
  });
  const pageIds = Array.from({ length: pages }, (_, i) => 5 + i);
  const objects: Array<Buffer | string> = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  objects[4] = Buffer.concat([
    Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
    stream,
    Buffer.from('\nendstream'),
  ]);
  for (const id of pageIds) {
    objects[id] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>';
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = length;
    const body = objects[id]!;
    const part = Buffer.concat([Buffer.from(`${id} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(part);
    length += part.length;
  }
  let xref = `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) xref += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref));
  return new Uint8Array(Buffer.concat(parts));
}

describe('PDF extraction limits', () => {
  it('reads an ordinary PDF in the worker, title and pages', async () => {
    const text = await extractPdfText('care.pdf', buildPdf([['Descale monthly.'], ['Rinse twice.']], 'Care'));
    expect(text.title).toBe('Care');
    expect(text.pages.map((page) => page.trim())).toEqual(['Descale monthly.', 'Rinse twice.']);
  });

  it('refuses a small PDF that expands past the text limit, quickly, without growing the server heap', async () => {
    // About 60 KB on disk; 200 pages of 20,000 characters each: 4 million characters in all.
    const bomb = buildPdfBomb(200, 40, 500);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    await expect(
      extractPdfText('bomb.pdf', bomb, { ...DEFAULT_PDF_LIMITS, maxChars: 200_000 }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE', message: /200000 characters/ });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a reader that runs out of its heap or its time, and answers with a registry code', async () => {
    const bomb = buildPdfBomb(200, 40, 500);
    await expect(
      extractPdfText('bomb.pdf', bomb, { ...DEFAULT_PDF_LIMITS, maxChars: 1e9, heapMb: 8 }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    await expect(
      extractPdfText('bomb.pdf', bomb, { ...DEFAULT_PDF_LIMITS, maxChars: 1e9, timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE', message: /50 ms/ });
    await expect(
      extractPdfText('many.pdf', bomb, { ...DEFAULT_PDF_LIMITS, maxPages: 100 }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      message: /200 pages/,
    });
  });
});
