// PDF text extraction in a worker thread with bounds: a small PDF can expand to gigabytes (compressed
// streams, pages sharing one huge content stream), so pdf.js runs with its own heap limit, a deadline and a
// cap on the text it may produce. Whatever happens, the worker ends and its memory goes with it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DeskError } from '../errors.js';

export interface PdfLimits {
  /** Most characters of text a PDF may yield (about 4 MB by default: far beyond any help article). */
  maxChars: number;
  /** Most pages it may have. */
  maxPages: number;
  /** How long extraction may take, in ms. */
  timeoutMs: number;
  /** The worker's heap limit, in MB; past it the worker dies, never the server. */
  heapMb: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxChars: 4_000_000,
  maxPages: 2_000,
  timeoutMs: 30_000,
  heapMb: 384,
};

export interface PdfText {
  title: string | undefined;
  pages: string[];
}

type WorkerReply =
  | { ok: true; title: string | undefined; pages: string[] }
  | { ok: false; reason: 'chars' | 'pages' | 'unreadable'; message: string };

// Plain JavaScript (the worker loads no TypeScript): pdf.js from unpdf's ESM build, page by page, stopping
// as soon as a limit is passed rather than after building the whole text.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocumentProxy, getMeta } = await import(workerData.unpdf);
  const { bytes, maxChars, maxPages } = workerData;
  let pdf;
  try {
    pdf = await getDocumentProxy(bytes);
  } catch (error) {
    return parentPort.postMessage({ ok: false, reason: 'unreadable', message: String(error && error.message) });
  }
  if (pdf.numPages > maxPages) {
    return parentPort.postMessage({ ok: false, reason: 'pages', message: String(pdf.numPages) });
  }
  const meta = await getMeta(pdf).catch(() => undefined);
  const infoTitle = meta && meta.info ? meta.info.Title : undefined;
  const title = typeof infoTitle === 'string' && infoTitle.trim() ? infoTitle.trim() : undefined;
  const pages = [];
  let chars = 0;
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (item.str == null) continue;
      text += item.str + (item.hasEOL ? '\\n' : '');
      if (chars + text.length > maxChars) {
        return parentPort.postMessage({ ok: false, reason: 'chars', message: String(chars + text.length) });
      }
    }
    chars += text.length;
    pages.push(text);
    page.cleanup();
  }
  parentPort.postMessage({ ok: true, title, pages });
})().catch((error) =>
  parentPort.postMessage({ ok: false, reason: 'unreadable', message: String(error && error.message) }),
);
`;

const require = createRequire(import.meta.url);
/** unpdf's ESM entry, resolved here so the worker needs no module resolution of its own. */
const unpdfUrl = () => pathToFileURL(require.resolve('unpdf').replace(/index\.cjs$/, 'index.mjs')).href;

const tooLarge = (name: string, why: string, details: Record<string, unknown>) =>
  new DeskError('DOCUMENT_TOO_LARGE', `${name} expands to ${why}`, { name, ...details });
const unreadable = (name: string, why: string) =>
  new DeskError('DOCUMENT_UNREADABLE', `${name} is not a readable PDF: ${why}`, { name });

/** The text of each page and the PDF's title; throws DOCUMENT_TOO_LARGE or DOCUMENT_UNREADABLE. */
export function extractPdfText(
  name: string,
  bytes: Uint8Array,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    // A copy: the worker takes ownership of what it is sent, and pdf.js of what it reads.
    const copy = new Uint8Array(bytes);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { unpdf: unpdfUrl(), bytes: copy, maxChars: limits.maxChars, maxPages: limits.maxPages },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    // pdf.js warns on console about odd PDFs; those lines are dropped, not mixed into the server's output.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
      void worker.terminate();
    };
    const deadline = setTimeout(
      () =>
        finish(() =>
          reject(
            tooLarge(name, `more than can be read in ${limits.timeoutMs} ms`, {
              timeoutMs: limits.timeoutMs,
            }),
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (reply: WorkerReply) =>
      finish(() => {
        if (reply.ok) return resolve({ title: reply.title, pages: reply.pages });
        if (reply.reason === 'chars') {
          return reject(
            tooLarge(name, `more than ${limits.maxChars} characters`, { limitChars: limits.maxChars }),
          );
        }
        if (reply.reason === 'pages') {
          return reject(
            tooLarge(name, `${reply.message} pages (the limit is ${limits.maxPages})`, {
              limitPages: limits.maxPages,
            }),
          );
        }
        reject(unreadable(name, reply.message));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge(name, `more than ${limits.heapMb} MB while reading it`, { limitMb: limits.heapMb })
            : unreadable(name, error.message),
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(unreadable(name, `the reader stopped (exit ${code})`))));
  });
}
